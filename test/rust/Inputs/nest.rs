// Single-await nesting: `bar` awaits `foo` once, `baz` awaits `bar` once.
// A tiny busy-polling executor with a no-op waker.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

/// Pending once: every await below suspends its caller once.
struct Yield(bool);
impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 { return Poll::Ready(()); }
        self.0 = true;
        Poll::Pending
    }
}

async fn foo(x: u64) -> u64 {
    Yield(false).await;
    x.wrapping_mul(0x9e3779b97f4a7c15) >> 40
}

async fn bar(x: u64) -> u64 {
    let v = foo(x).await;
    v + 1
}

async fn baz(x: u64) -> u64 {
    bar(x ^ 0x55).await * 3
}

fn noop_raw() -> RawWaker {
    fn clone(_: *const ()) -> RawWaker { noop_raw() }
    fn noop(_: *const ()) {}
    static VT: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    RawWaker::new(std::ptr::null(), &VT)
}

/// Returns the output and how many polls it took.
fn block_on<F: Future>(f: F) -> (F::Output, u32) {
    let waker = unsafe { Waker::from_raw(noop_raw()) };
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) { return (v, polls); }
    }
}

fn main() {
    for i in 0..std::hint::black_box(4u64) {
        let (b, pb) = block_on(bar(i));
        let (z, pz) = block_on(baz(i));
        println!("i={i} bar={b} ({pb} polls) baz={z} ({pz} polls)");
    }
}
