// A generic async fn instantiated with two types (two poll functions from
// one body), awaited by a generic caller and by plain ones.
use std::fmt::Debug;
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

trait Combine: Clone + Debug {
    fn combine(&self, other: &Self) -> Self;
}
impl Combine for u32 {
    fn combine(&self, other: &Self) -> Self { self.wrapping_mul(3).wrapping_add(*other) }
}
impl Combine for String {
    fn combine(&self, other: &Self) -> Self { format!("{self}+{other}") }
}

async fn fold_all<T: Combine>(items: Vec<T>, init: T) -> T {
    let mut acc = init;
    for it in items.iter() {
        Yield(false).await;
        acc = acc.combine(it);
    }
    acc
}

async fn twice<T: Combine>(items: Vec<T>, init: T) -> (T, T) {
    let a = fold_all(items.clone(), init.clone()).await;
    let b = fold_all(items, a.clone()).await;
    (a, b)
}

fn block_on<F: Future>(f: F) -> F::Output {
    let waker = Waker::from(Arc::new(Noop));
    let mut cx = Context::from_waker(&waker);
    let mut f = Box::pin(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; }
    }
}

fn main() {
    let n = std::hint::black_box(4u32);
    let nums: Vec<u32> = (1..=n).collect();
    let words: Vec<String> = (1..=n).map(|i| format!("w{i}")).collect();
    println!("u32: {:?}", block_on(fold_all(nums.clone(), 1)));
    println!("String: {:?}", block_on(fold_all(words.clone(), "s".to_string())));
    println!("twice u32: {:?}", block_on(twice(nums, 0)));
    println!("twice String: {:?}", block_on(twice(words, String::new())));
}
