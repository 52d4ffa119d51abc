// Firmware-style: nested async fns (main_loop -> handler -> send_response ->
// read_reg), a handler with four match arms awaiting the same future, and a
// small busy-polling executor with a no-op waker.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use std::cell::Cell;

thread_local! { static TICKS: Cell<u32> = Cell::new(0); }

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

#[inline(never)]
fn hw_read(reg: u32) -> u32 { std::hint::black_box(reg.wrapping_mul(2654435761) >> 7) }

async fn read_reg(reg: u32) -> u32 {
    Yield(false).await;
    hw_read(reg)
}

async fn send_response(code: u32, payload: u32) -> u32 {
    let v = read_reg(code).await;
    TICKS.with(|t| t.set(t.get() + 1));
    v ^ payload
}

async fn handler(cmd: u32, arg: u32) -> u32 {
    match cmd % 4 {
        0 => send_response(10, arg).await,
        1 => send_response(11, arg + 1).await,
        2 => send_response(12, arg * 2).await,
        _ => send_response(13, arg ^ 5).await,
    }
}

async fn main_loop(n: u32) -> u32 {
    let mut acc = 0u32;
    for i in 0..n {
        let r = handler(i, acc).await;
        println!("cmd {i} arm {} -> {r}", i % 4);
        acc = acc.wrapping_add(r);
    }
    acc
}

fn noop_raw() -> RawWaker {
    fn clone(_: *const ()) -> RawWaker { noop_raw() }
    fn noop(_: *const ()) {}
    static VT: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    RawWaker::new(std::ptr::null(), &VT)
}

fn block_on<F: Future>(f: F) -> F::Output {
    let waker = unsafe { Waker::from_raw(noop_raw()) };
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; }
    }
}

fn main() {
    let n = std::hint::black_box(8u32);
    let r = block_on(main_loop(n));
    println!("result {r} ticks {}", TICKS.with(|t| t.get()));
}
