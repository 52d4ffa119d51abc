// Re-polls a completed future of every shape (issue: "`return` mode keeps
// its promise"). Plain rustc panics ("`async fn` resumed after
// completion"); `return` mode answers Pending wherever the poll function
// shows how Pending is encoded (it has a pending return to copy, or its
// Poll is a two-valued `i1`), and keeps rustc's panic where it does not (an
// async fn that never suspends and returns a wider Poll): never Ready
// again, never undefined behaviour.
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

/// Pending while its count is even (bumping it), then Ready(count): a
/// Poll<u32> the awaiting fn passes on through `poll_fn`.
struct Flip(u32);
impl Future for Flip {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        if self.0 % 2 == 0 {
            self.0 += 1;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(self.0)
    }
}

/// Pending once, then Ready(Some(x)): Poll<Option<u32>>, whose Pending is
/// a niche of Option's tag (a channel's `recv()`).
struct Recv(Option<u32>);
impl Future for Recv {
    type Output = Option<u32>;
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<u32>> {
        match self.0.take() {
            Some(v) => {
                self.0 = None;
                Poll::Ready(Some(v))
            }
            None => {
                self.0 = Some(std::hint::black_box(11));
                Poll::Pending
            }
        }
    }
}

async fn never_awaits(x: u32) -> u32 {
    x + 1
}

static SIDE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Never suspends, and its Poll<()> is an `i1`: the only shape of a
/// never-suspending poll whose Pending its type shows.
async fn never_awaits_unit(x: u32) {
    SIDE.fetch_add(x, std::sync::atomic::Ordering::Relaxed);
}

/// A hand-written combinator around a never-suspending unit future: the
/// child's poll is inlined into it, so its check would be in the body.
struct Counted<F>(F);
impl<F: Future<Output = ()>> Future for Counted<F> {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        // Safety: the field is never moved out of the pinned combinator.
        let inner = unsafe { self.map_unchecked_mut(|d| &mut d.0) };
        inner.poll(cx).map(|()| SIDE.load(std::sync::atomic::Ordering::Relaxed))
    }
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

/// The child's Poll passed on: the pending return carries the child's
/// payload with Pending's discriminant (`{ 1, %payload }` after LLVM).
async fn via_poll_fn(x: u32) -> u32 {
    let mut f = Flip(x + 1);
    std::future::poll_fn(move |cx| Pin::new(&mut f).poll(cx)).await
}

/// The child's Ready returned as it is, its Pending rebuilt.
async fn recv_like(x: u32) -> Option<u32> {
    let _ = x;
    Recv(None).await
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
    drive("never_awaits_unit", std::hint::black_box(Box::pin(never_awaits_unit(n))));
    drive("unit_in_combinator", std::hint::black_box(Box::pin(Counted(never_awaits_unit(n)))));
    drive("awaits_ready", std::hint::black_box(Box::pin(awaits_ready(n))));
    drive("real_pending", std::hint::black_box(Box::pin(real_pending(n))));
    drive("inlined_child", std::hint::black_box(Box::pin(parent(n))));
    drive("big_result", std::hint::black_box(Box::pin(big_result(n))));
    drive("combinator", std::hint::black_box(Box::pin(Double(real_pending(n)))));
    drive("around_combinator", std::hint::black_box(Box::pin(around_combinator(n))));
    drive("via_poll_fn", std::hint::black_box(Box::pin(via_poll_fn(n))));
    drive("recv_like", std::hint::black_box(Box::pin(recv_like(n))));
}
