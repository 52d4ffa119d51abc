// Re-polls a completed future. Checked (rustc's default): the second poll
// panics with "`async fn` resumed after completion". With
// coroslim-strip-done-traps<release> in `return` mode it returns Pending,
// the value the poll function's own pending path returns.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

/// Pending once: gives `answer` a pending path whose return value the pass
/// can reuse for a resume after completion.
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

async fn answer(x: u32) -> u32 {
    Yield(false).await;
    x * 2
}

fn main() {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut f: Pin<Box<dyn Future<Output = u32>>> =
        std::hint::black_box(Box::pin(answer(21)));
    println!("first: {:?}", f.as_mut().poll(&mut cx));
    println!("second: {:?}", f.as_mut().poll(&mut cx));
    std::panic::set_hook(Box::new(|_| {}));
    let again =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f.as_mut().poll(&mut cx)));
    match again {
        Ok(p) => println!("again: {:?}", p),
        Err(_) => println!("again: panicked"),
    }
}
