; Parses, but the verifier rejects it: %a is used before it is defined.
define i32 @f() {
  %a = add i32 %b, 1
  %b = add i32 1, 1
  ret i32 %a
}
