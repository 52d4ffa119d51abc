// A tokio program for scripts/rust-crates (utils/coroslim/rust_crates.py):
// tasks, mpsc and oneshot channels, select!, timeout and join! on tokio's
// current-thread runtime with paused time, so that its output is the same
// on every run and can be compared between builds with and without the
// plugin. Every async fn here is a poll function of rustc's; tokio's own
// (spawn, the channels, the timer) are built with the same flags.

use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{sleep, timeout, Instant};

/// A producer: sends `n` values, sleeping between them.
async fn produce(id: u32, n: u32, step: u64, tx: mpsc::Sender<(u32, u32)>) -> u32 {
    for i in 0..n {
        sleep(Duration::from_millis(step)).await;
        if tx.send((id, i)).await.is_err() {
            return i;
        }
    }
    n
}

/// Answers one request through a oneshot channel after a delay.
async fn serve(delay: u64, req: u32, reply: oneshot::Sender<u32>) {
    sleep(Duration::from_millis(delay)).await;
    let _ = reply.send(req * 10);
}

/// Awaits `ask` (the same future type) in three match arms, as the firmware
/// handler of test/rust/Inputs does: merge-states' case.
async fn ask(delay: u64, req: u32) -> u32 {
    let (tx, rx) = oneshot::channel();
    tokio::spawn(serve(delay, req, tx));
    rx.await.unwrap_or(0)
}

async fn handle(cmd: u32) -> u32 {
    match cmd % 4 {
        0 => ask(1, cmd).await,
        1 => ask(2, cmd).await + 1,
        2 => ask(3, cmd).await + ask(1, cmd).await,
        _ => 7,
    }
}

/// A future that never completes: what timeout and select! give up on.
async fn never() -> u32 {
    std::future::pending::<()>().await;
    0
}

async fn run() {
    let start = Instant::now();
    let ms = |t: Instant| t.duration_since(start).as_millis();

    // Tasks and an mpsc channel: two producers, one consumer.
    let (tx, mut rx) = mpsc::channel(2);
    let a = tokio::spawn(produce(1, 4, 3, tx.clone()));
    let b = tokio::spawn(produce(2, 3, 5, tx));
    let mut got = Vec::new();
    while let Some((id, i)) = rx.recv().await {
        got.push(format!("{}.{}@{}", id, i, ms(Instant::now())));
    }
    println!("mpsc: {}", got.join(" "));
    println!("tasks: a={} b={}", a.await.unwrap(), b.await.unwrap());

    // join!: three requests at once, each answered through a oneshot.
    let (x, y, z) = tokio::join!(handle(4), handle(5), handle(6));
    println!("join: {} {} {} @{}", x, y, z, ms(Instant::now()));

    // timeout: one that fires, one that does not.
    match timeout(Duration::from_millis(10), never()).await {
        Ok(v) => println!("timeout: completed {}", v),
        Err(_) => println!("timeout: elapsed @{}", ms(Instant::now())),
    }
    match timeout(Duration::from_millis(10), handle(8)).await {
        Ok(v) => println!("timeout: completed {} @{}", v, ms(Instant::now())),
        Err(_) => println!("timeout: elapsed"),
    }

    // select!: a channel against a sleep, in a loop, with a biased order.
    let (tx, mut rx) = mpsc::channel::<u32>(8);
    let feeder = tokio::spawn(async move {
        for i in 0..5u32 {
            sleep(Duration::from_millis(4 * i as u64)).await;
            tx.send(i).await.unwrap();
        }
    });
    let mut ticks = 0;
    let mut sum = 0;
    loop {
        tokio::select! {
            biased;
            v = rx.recv() => match v {
                Some(v) => sum += v,
                None => break,
            },
            _ = sleep(Duration::from_millis(5)) => ticks += 1,
        }
    }
    feeder.await.unwrap();
    println!("select: sum={} ticks={} @{}", sum, ticks, ms(Instant::now()));

    // select! between two oneshots and a never-ready branch.
    let (t1, r1) = oneshot::channel::<&str>();
    let (t2, r2) = oneshot::channel::<&str>();
    tokio::spawn(async move {
        sleep(Duration::from_millis(2)).await;
        let _ = t2.send("second");
        sleep(Duration::from_millis(2)).await;
        let _ = t1.send("first");
    });
    let won = tokio::select! {
        v = r1 => v.unwrap(),
        v = r2 => v.unwrap(),
        _ = never() => "never",
    };
    println!("select: {} won @{}", won, ms(Instant::now()));

    // Many small tasks joined in order.
    let handles: Vec<_> = (0..20u32)
        .map(|i| tokio::spawn(async move { handle(i).await + i }))
        .collect();
    let mut total = 0;
    for h in handles {
        total += h.await.unwrap();
    }
    println!("spawned: total={} @{}", total, ms(Instant::now()));
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap();
    rt.block_on(run());
    println!("done");
}
