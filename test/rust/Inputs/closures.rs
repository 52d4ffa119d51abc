// Async closures (`async |x| ...`, stable since Rust 1.85): capturing by
// reference and by move, called several times, passed to a generic driver
// that awaits them.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

struct Yield(bool);
impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 { return Poll::Ready(()); }
        self.0 = true;
        Poll::Pending
    }
}

async fn apply_all<F>(f: F, xs: &[u32]) -> Vec<u32>
where F: AsyncFn(u32) -> u32 {
    let mut out = Vec::new();
    for &x in xs {
        out.push(f(x).await);
    }
    out
}

async fn run() -> String {
    let scale = std::hint::black_box(3u32);
    let by_ref = async |x: u32| {
        Yield(false).await;
        x * scale
    };
    let a = by_ref(5).await;
    let b = by_ref(a).await;
    let label = String::from("moved");
    let by_move = async move |x: u32| {
        Yield(false).await;
        x + label.len() as u32
    };
    let v = apply_all(&by_move, &[1, 2, 3]).await;
    let w = apply_all(async |x: u32| x ^ 1, &[4, 5]).await;
    format!("a={a} b={b} v={v:?} w={w:?}")
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
    let (v, p) = block_on(run());
    println!("{v} ({p} polls)");
}
