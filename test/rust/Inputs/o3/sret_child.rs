// Child futures whose output is returned through memory: `Poll<Reading>`
// (24 bytes) and `Poll<String>` are too large for registers, so rustc
// gives their poll functions an `sret` argument ahead of self. At -O3 LLVM's
// ArgumentPromotion turns that `sret` of an internal poll function into a
// `noalias` argument before the plugin sees the function
// (test/rust/sret-child.test). A tiny busy-polling executor with a no-op
// waker. Outside Inputs/*.rs, so that rust-matrix and rust-figures (whose
// tables in docs/rust.md cover the programs there) leave it out.
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

#[derive(Debug)]
struct Reading {
    channel: u64,
    raw: u64,
    scaled: u64,
}

/// Returns its 24-byte result through memory.
async fn sample(channel: u64) -> Reading {
    Yield(false).await;
    let raw = channel.wrapping_mul(0x9e3779b97f4a7c15) >> 48;
    Yield(false).await;
    Reading { channel, raw, scaled: raw * 3 / 2 }
}

/// A String result, through memory too.
async fn label(r: &Reading) -> String {
    Yield(false).await;
    format!("ch{}={}", r.channel, r.scaled)
}

/// Awaits both children in a loop: their polls are inlined here.
async fn survey(n: u64) -> (u64, String) {
    let mut sum = 0;
    let mut names = String::new();
    for ch in 0..n {
        let r = sample(ch).await;
        sum += r.raw;
        names.push_str(&label(&r).await);
        names.push(' ');
    }
    (sum, names)
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
    let n = std::hint::black_box(4u64);
    let ((sum, names), polls) = block_on(survey(n));
    println!("survey: sum={sum} {names}({polls} polls)");
    let (r, polls) = block_on(sample(n + 3));
    println!("sample: {r:?} ({polls} polls)");
}
