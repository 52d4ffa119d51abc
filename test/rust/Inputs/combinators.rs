// Hand-written join and select combinators that poll two futures, over
// async fns with different suspend counts; the loser of a select is
// dropped while pending.
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

struct Noop;
impl Wake for Noop {
    fn wake(self: Arc<Self>) {}
}

struct Sleep(u32);
impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 { return Poll::Ready(()); }
        self.0 -= 1;
        Poll::Pending
    }
}

struct Join<A: Future, B: Future> {
    a: Pin<Box<A>>, b: Pin<Box<B>>,
    ra: Option<A::Output>, rb: Option<B::Output>,
}
impl<A: Future, B: Future> Future for Join<A, B>
where A::Output: Unpin, B::Output: Unpin {
    type Output = (A::Output, B::Output);
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if this.ra.is_none() {
            if let Poll::Ready(v) = this.a.as_mut().poll(cx) { this.ra = Some(v); }
        }
        if this.rb.is_none() {
            if let Poll::Ready(v) = this.b.as_mut().poll(cx) { this.rb = Some(v); }
        }
        if this.ra.is_some() && this.rb.is_some() {
            Poll::Ready((this.ra.take().unwrap(), this.rb.take().unwrap()))
        } else {
            Poll::Pending
        }
    }
}
fn join<A: Future, B: Future>(a: A, b: B) -> Join<A, B> {
    Join { a: Box::pin(a), b: Box::pin(b), ra: None, rb: None }
}

enum Either<L, R> { Left(L), Right(R) }
struct Select<A, B> { a: Pin<Box<A>>, b: Pin<Box<B>> }
impl<A: Future, B: Future> Future for Select<A, B> {
    type Output = Either<A::Output, B::Output>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(v) = self.a.as_mut().poll(cx) { return Poll::Ready(Either::Left(v)); }
        if let Poll::Ready(v) = self.b.as_mut().poll(cx) { return Poll::Ready(Either::Right(v)); }
        Poll::Pending
    }
}
fn select<A: Future, B: Future>(a: A, b: B) -> Select<A, B> {
    Select { a: Box::pin(a), b: Box::pin(b) }
}

struct Noisy(&'static str);
impl Drop for Noisy {
    fn drop(&mut self) { println!("drop {}", self.0); }
}

async fn worker(name: &'static str, steps: u32) -> String {
    let _n = Noisy(name);
    let mut done = 0;
    for i in 0..steps {
        Sleep(i % 2).await;
        done += i;
    }
    format!("{name}:{done}")
}

async fn pipeline(k: u32) -> String {
    let (x, y) = join(worker("j1", k), worker("j2", k + 2)).await;
    let s = match select(worker("s1", k + 3), worker("s2", k)).await {
        Either::Left(v) => format!("left {v}"),
        Either::Right(v) => format!("right {v}"),
    };
    format!("{x} {y} {s}")
}

fn block_on<F: Future>(f: F) -> (F::Output, u32) {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut f = Box::pin(f);
    let mut polls = 0;
    loop {
        polls += 1;
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) { return (v, polls); }
    }
}

fn main() {
    let k = std::hint::black_box(3u32);
    let (v, p) = block_on(pipeline(k));
    println!("pipeline: {v} ({p} polls)");
    let (v, p) = block_on(join(async { 1 }, async { Sleep(2).await; 2 }));
    println!("join blocks: {v:?} ({p} polls)");
}
