// A request handler whose match arms all await the same `send_response`
// future (with different arguments), plus an arm that awaits nothing and one
// that awaits twice; driven by a queue-based executor over std::task::Wake.
use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

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

enum Request { Get(u32), Put(u32, String), Delete(u32), Ping, Batch(u32, u32) }

type Log = Rc<RefCell<Vec<String>>>;

async fn send_response(log: Log, status: u16, body: String) -> usize {
    Yield(false).await;
    let n = body.len();
    log.borrow_mut().push(format!("{status} {body}"));
    n
}

async fn handle(log: Log, req: Request) -> usize {
    match req {
        Request::Get(k) => send_response(log, 200, format!("value of {k}")).await,
        Request::Put(k, v) => send_response(log, 201, format!("{k}={v}")).await,
        Request::Delete(k) => send_response(log, 204, format!("deleted {k}")).await,
        Request::Ping => 0,
        Request::Batch(a, b) => {
            let x = send_response(log.clone(), 200, format!("batch {a}")).await;
            x + send_response(log, 200, format!("batch {b}")).await
        }
    }
}

async fn serve(log: Log, reqs: Vec<Request>) {
    let mut total = 0;
    for r in reqs {
        total += handle(log.clone(), r).await;
    }
    log.borrow_mut().push(format!("total bytes {total}"));
}

struct TaskWaker { id: usize, queue: Arc<Mutex<VecDeque<usize>>> }
impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) { self.queue.lock().unwrap().push_back(self.id); }
}

fn run(mut tasks: Vec<Option<Pin<Box<dyn Future<Output = ()>>>>>) {
    let queue = Arc::new(Mutex::new((0..tasks.len()).collect::<VecDeque<_>>()));
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
    let log: Log = Rc::new(RefCell::new(Vec::new()));
    let k = std::hint::black_box(7u32);
    let a = vec![Request::Get(k), Request::Ping, Request::Put(k + 1, "x".repeat(3)),
                 Request::Delete(k)];
    let b = vec![Request::Batch(k, k * 2), Request::Get(k + 9), Request::Ping];
    run(vec![Some(Box::pin(serve(log.clone(), a))), Some(Box::pin(serve(log.clone(), b)))]);
    for l in log.borrow().iter() { println!("{l}"); }
}
