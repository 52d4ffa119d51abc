// A tiny single-threaded executor over std::task::Wake and a few async fns.
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

type Task = Pin<Box<dyn Future<Output = ()>>>;

struct TaskWaker { id: usize, queue: Arc<Mutex<VecDeque<usize>>> }
impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) { self.queue.lock().unwrap().push_back(self.id); }
}

/// Pending once, waking itself: one executor round trip.
struct Yield(bool);
impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 { return Poll::Ready(()); }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn sensor(seed: u32) -> u32 {
    Yield(false).await;
    seed.wrapping_mul(2654435761) >> 20
}

async fn filter(log: Rc<RefCell<Vec<String>>>, name: &'static str, n: u32) {
    let mut acc = 0u32;
    for i in 0..n {
        let v = sensor(i + n).await;
        acc = acc.wrapping_add(v);
        if v % 3 == 0 { Yield(false).await; }
        log.borrow_mut().push(format!("{name} step {i} v={v} acc={acc}"));
    }
    log.borrow_mut().push(format!("{name} done acc={acc}"));
}

fn run(tasks: Vec<Task>) {
    let queue = Arc::new(Mutex::new((0..tasks.len()).collect::<VecDeque<_>>()));
    let mut tasks: Vec<Option<Task>> = tasks.into_iter().map(Some).collect();
    loop {
        let next = queue.lock().unwrap().pop_front();
        let Some(id) = next else { break };
        let waker = Waker::from(Arc::new(TaskWaker { id, queue: queue.clone() }));
        let mut cx = Context::from_waker(&waker);
        if let Some(t) = tasks[id].as_mut() {
            if t.as_mut().poll(&mut cx).is_ready() { tasks[id] = None; }
        }
    }
}

fn main() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let n = std::hint::black_box(4u32);
    let tasks: Vec<Task> = vec![
        Box::pin(filter(log.clone(), "a", n)),
        Box::pin(filter(log.clone(), "b", n + 2)),
    ];
    run(std::hint::black_box(tasks));
    for l in log.borrow().iter() { println!("{l}"); }
}
