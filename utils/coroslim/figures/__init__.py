"""Before/after figures of single passes (scripts/{fold,inline,trap}-figures);
scripts/bench is the full benchmark."""
