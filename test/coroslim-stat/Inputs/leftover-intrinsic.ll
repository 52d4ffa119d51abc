; A function that the pipeline cannot lower: llvm.coro.id and llvm.coro.alloc
; without llvm.coro.begin (so CoroSplit never sees a coroutine), and an
; llvm.coro.await.suspend.void that only CoroSplit lowers.
define i1 @odd(ptr %awaiter, ptr %frame, ptr %wrapper) {
  %id = call token @llvm.coro.id(i32 0, ptr null, ptr null, ptr null)
  %a = call i1 @llvm.coro.alloc(token %id)
  call void @llvm.coro.await.suspend.void(ptr %awaiter, ptr %frame, ptr %wrapper)
  ret i1 %a
}
declare token @llvm.coro.id(i32, ptr, ptr, ptr)
declare i1 @llvm.coro.alloc(token)
declare void @llvm.coro.await.suspend.void(ptr, ptr, ptr)
