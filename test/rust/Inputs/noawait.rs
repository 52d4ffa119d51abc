// Async blocks and fns without any await: their poll functions have no
// suspend state, only "unresumed" and the completed/panicked ones. Awaited
// from a fn that does suspend, and polled directly.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

struct Yield(bool);
impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 { return Poll::Ready(()); }
        self.0 = true;
        Poll::Pending
    }
}

async fn immediate(x: i32) -> i32 { x * 7 - 3 }

async fn mixed(x: i32) -> i32 {
    let a = async { x + 1 }.await;
    Yield(false).await;
    let b = immediate(a).await;
    let s = String::from("block");
    let c = async move { s.len() as i32 }.await;
    a + b + c
}

fn poll_to_end<F: Future + ?Sized>(mut f: Pin<Box<F>>) -> (F::Output, u32) {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) { return (v, polls); }
    }
}

fn main() {
    let n = std::hint::black_box(5i32);
    let (v, p) = poll_to_end(Box::pin(async { n * n }));
    println!("block: {v} after {p} poll(s)");
    let (v, p) = poll_to_end(Box::pin(immediate(n)));
    println!("immediate: {v} after {p} poll(s)");
    for i in 0..3 {
        let (v, p) = poll_to_end(Box::pin(mixed(n + i)));
        println!("mixed({}): {v} after {p} poll(s)", n + i);
    }
    let boxed: Vec<Pin<Box<dyn Future<Output = String>>>> = vec![
        Box::pin(async { "one".to_string() }),
        Box::pin(async move { format!("two {}", n) }),
    ];
    for f in boxed {
        let (v, p) = poll_to_end(f);
        println!("dyn: {v} after {p} poll(s)");
    }
}
