// Re-polls a completed future of every shape (issue: "`return` mode keeps
// its promise"). Plain rustc panics ("`async fn` resumed after
// completion"); `return` mode answers Pending wherever the poll function
// shows how Pending is encoded (it has a pending return to copy), and keeps
// rustc's panic where it does not (an async fn that never suspends): never
// Ready again, never undefined behaviour.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

/// Pending once, then Ready.
struct Yield(bool);
impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        Poll::Pending
    }
}

/// A hand-written combinator: polls the future inside and doubles its
/// output; it has no completion check of its own.
struct Double<F>(F);
impl<F: Future<Output = u32>> Future for Double<F> {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        // Safety: the field is never moved out of the pinned combinator.
        let inner = unsafe { self.map_unchecked_mut(|d| &mut d.0) };
        inner.poll(cx).map(|v| v * 2)
    }
}

async fn never_awaits(x: u32) -> u32 {
    x + 1
}

async fn awaits_ready(x: u32) -> u32 {
    std::future::ready(x).await + 2
}

async fn real_pending(x: u32) -> u32 {
    Yield(false).await;
    x + 3
}

async fn child(x: u32) -> u32 {
    Yield(false).await;
    x * 5
}

/// `child` is inlined into this poll function: its arm lives in the
/// parent's body.
async fn parent(x: u32) -> u32 {
    child(x).await + 4
}

/// A big result: Poll<String> comes back through an sret pointer.
async fn big_result(x: u32) -> String {
    Yield(false).await;
    format!("s{x}")
}

async fn around_combinator(x: u32) -> u32 {
    Double(real_pending(x)).await + 6
}

fn drive<T: std::fmt::Debug>(name: &str, mut f: Pin<Box<dyn Future<Output = T>>>) {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut polls = Vec::new();
    loop {
        let p = f.as_mut().poll(&mut cx);
        let ready = p.is_ready();
        polls.push(format!("{:?}", p));
        if ready {
            break;
        }
    }
    let again =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f.as_mut().poll(&mut cx)));
    let again = match again {
        Ok(p) => format!("{:?}", p),
        Err(_) => "panicked".to_string(),
    };
    println!("{name}: {} then again: {again}", polls.join(", "));
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let n: u32 = std::hint::black_box(7);
    drive("never_awaits", std::hint::black_box(Box::pin(never_awaits(n))));
    drive("awaits_ready", std::hint::black_box(Box::pin(awaits_ready(n))));
    drive("real_pending", std::hint::black_box(Box::pin(real_pending(n))));
    drive("inlined_child", std::hint::black_box(Box::pin(parent(n))));
    drive("big_result", std::hint::black_box(Box::pin(big_result(n))));
    drive("combinator", std::hint::black_box(Box::pin(Double(real_pending(n)))));
    drive("around_combinator", std::hint::black_box(Box::pin(around_combinator(n))));
}
