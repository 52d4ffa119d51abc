// Futures dropped while pending: the drop glue must run the destructors of
// exactly the locals live in the state the future was left in (and of the
// child future it was awaiting). Every guard prints when dropped.
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

struct Guard(&'static str);
impl Drop for Guard {
    fn drop(&mut self) { println!("  drop {}", self.0); }
}

async fn child(tag: &'static str) -> u32 {
    let _g = Guard(tag);
    Yield(false).await;
    tag.len() as u32
}

async fn parent() -> u32 {
    let _a = Guard("a");
    Yield(false).await; // state 1: a live
    let b = Guard("b");
    let x = child("child-1").await; // state 2: a, b, child-1's future
    drop(b);
    let _c = Guard("c");
    Yield(false).await; // state 3: a, c
    let y = child("child-2").await; // state 4: a, c, child-2's future
    x + y
}

/// Polls a fresh `parent` n times, then drops it.
fn run(n: u32) {
    println!("polls {n}:");
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut f = Box::pin(parent());
    for _ in 0..n {
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => { println!("  ready {v}"); break; }
            Poll::Pending => {}
        }
    }
    println!("  dropping");
    drop(f);
    println!("  dropped");
}

fn main() {
    let max = std::hint::black_box(6u32);
    for n in 0..=max {
        run(n);
    }
}
