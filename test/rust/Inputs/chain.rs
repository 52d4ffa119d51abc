// Nested chains: five levels of async fns, each awaiting the next, some
// twice and some in a loop, with live values across every await.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

struct Yield(u32);
impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 { return Poll::Ready(()); }
        self.0 -= 1;
        Poll::Pending
    }
}

async fn level5(x: u32) -> u32 {
    Yield(x % 3).await;
    x.rotate_left(5) ^ 0xa5a5
}

async fn level4(x: u32) -> u32 {
    let a = level5(x).await;
    let b = level5(a & 0xff).await;
    a.wrapping_add(b)
}

async fn level3(x: u32) -> u32 {
    let mut acc = x;
    for i in 0..3 {
        acc = acc.wrapping_mul(31).wrapping_add(level4(acc ^ i).await);
    }
    acc
}

async fn level2(x: u32) -> u64 {
    let name = format!("l2-{x}");
    let v = level3(x).await;
    v as u64 + name.len() as u64
}

async fn level1(n: u32) -> u64 {
    let mut sum = 0u64;
    for i in 0..n {
        sum = sum.wrapping_add(level2(i).await);
    }
    sum
}

fn noop_raw() -> RawWaker {
    fn clone(_: *const ()) -> RawWaker { noop_raw() }
    fn noop(_: *const ()) {}
    static VT: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    RawWaker::new(std::ptr::null(), &VT)
}

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
    let n = std::hint::black_box(6u32);
    let (v, p) = block_on(level1(n));
    println!("level1({n}) = {v} in {p} polls");
    let (v, p) = block_on(level3(n));
    println!("level3({n}) = {v} in {p} polls");
}
