;; The matcher's word pass (`jsPhraseStarts` in wordpass.ts) as WebAssembly: the same head filter over the
;; same hash tables, run on the normalized text as UTF-16 units. It writes, in order, every position
;; where the matcher should try a phrase, and counts words as `countWords` does. In JavaScript this
;; loop needs about half a second of compiler warm-up in each process (it deoptimizes on rare
;; branches, and a scan is one pass); this code runs at full speed from the first word. Warm, this
;; is about 10% faster (measured on the 23 MB bench corpus: 0.33-0.42 s against 0.36-0.49 s).
;;
;; Built into src/scan/wordpass-wasm.ts by scripts/build-wasm.mjs (a test fails if the two drift).
;; Every rule here mirrors a line of `jsPhraseStarts`; test/scan/wordpass.test.ts compares the two
;; on random texts. Sizes follow lexicon/heads.ts (WORD_BITS 18, PREFIX_BITS 16, GATE 3,
;; PREFIX_MAX 24); the JavaScript side checks them and the table sizes against the exported layout.
;;
;; Units in the copy: the normalized text, except that a quote that folded to an apostrophe but is
;; not one to `countWords` (U+2018, U+FF07) is written as MARK (U+2018): an apostrophe for keys, a
;; word break for counting.
(module
  (import "js" "isWordAt" (func $isWordAtJs (param i32) (result i32)))
  (memory (export "memory") 21)

  ;; Layout (bytes). Word tables: 2^18 slots of 2 bits; gate tables: 2^16 bits; prefix tables: 2^16 u32.
  (global $WORDS i32 (i32.const 0))
  (global $PREFIX_GATE i32 (i32.const 65536))
  (global $PREFIXES i32 (i32.const 73728))
  (global $PREFIX_PAIRS i32 (i32.const 335872))
  (global $PAIR_WORDS i32 (i32.const 598016))
  (global $PAIR_GATE i32 (i32.const 663552))
  (global $PAIR_PREFIXES i32 (i32.const 671744))
  (global $TRIPLE_WORDS i32 (i32.const 933888))
  (global $TRIPLE_GATE i32 (i32.const 999424))
  (global $TRIPLE_PREFIXES i32 (i32.const 1007616))
  ;; A byte per BMP unit: 0 not known yet, 1 a word character, 2 not (ASCII and MARK set by JavaScript).
  (global $UNIT_CLASS i32 (i32.const 1269760))
  ;; The text and then the positions start here.
  (global $TEXT i32 (i32.const 1335296))
  (export "WORDS" (global $WORDS))
  (export "PREFIX_GATE" (global $PREFIX_GATE))
  (export "PREFIXES" (global $PREFIXES))
  (export "PREFIX_PAIRS" (global $PREFIX_PAIRS))
  (export "PAIR_WORDS" (global $PAIR_WORDS))
  (export "PAIR_GATE" (global $PAIR_GATE))
  (export "PAIR_PREFIXES" (global $PAIR_PREFIXES))
  (export "TRIPLE_WORDS" (global $TRIPLE_WORDS))
  (export "TRIPLE_GATE" (global $TRIPLE_GATE))
  (export "TRIPLE_PREFIXES" (global $TRIPLE_PREFIXES))
  (export "TEXT" (global $TEXT))
  (export "UNIT_CLASS" (global $UNIT_CLASS))
  ;; The head filter's constants this code is written for (lexicon/heads.ts GATE and PREFIX_MAX).
  (global (export "GATE") i32 (i32.const 3))
  (global (export "PREFIX_MAX") i32 (i32.const 24))

  ;; Outputs of the last `scan` besides its result: the number of words.
  (global $wordCount (export "wordCount") (mut i32) (i32.const 0))

  (func $unit (param $i i32) (result i32)
    (i32.load16_u (i32.add (global.get $TEXT) (i32.shl (local.get $i) (i32.const 1)))))

  ;; isWordChar(low, i) for a unit `c` at `i`, when the class cache does not know `c` (JavaScript
;; fills ASCII and MARK when it loads the module): surrogates always from JavaScript (the pair
;; decides), other units once each, then from the cache.
  (func $classify (param $c i32) (param $i i32) (result i32)
    (local $k i32)
    (if (i32.eq (i32.and (local.get $c) (i32.const 0xf800)) (i32.const 0xd800))
      (then (return (select (i32.const 1) (i32.const 2) (call $isWordAtJs (local.get $i))))))
    (local.set $k (select (i32.const 1) (i32.const 2) (call $isWordAtJs (local.get $i))))
    (i32.store8 (i32.add (global.get $UNIT_CLASS) (local.get $c)) (local.get $k))
    (local.get $k))

  ;; Is the unit `c` at `i` a word character? (The hot loops inline this test.)
  (func $isWord (param $c i32) (param $i i32) (result i32)
    (local $k i32)
    (local.set $k (i32.load8_u (i32.add (global.get $UNIT_CLASS) (local.get $c))))
    (if (i32.eqz (local.get $k)) (then (local.set $k (call $classify (local.get $c) (local.get $i)))))
    (i32.eq (local.get $k) (i32.const 1)))

  (func $isApostrophe (param $c i32) (result i32)
    (i32.or (i32.eq (local.get $c) (i32.const 39)) (i32.eq (local.get $c) (i32.const 0x2018))))

  ;; heads.ts: wordSlot2, prefixSlot, pairHash (wordSlot is written out where it is used).
  (func $wordSlot2 (param $h i32) (result i32)
    (local $m i32)
    (local.set $m (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15))) (i32.const 0x2c1b3c6d)))
    (i32.shr_u (i32.mul (i32.xor (local.get $m) (i32.shr_u (local.get $m) (i32.const 12))) (i32.const 0x297a2d39)) (i32.const 14)))
  (func $prefixSlot (param $h i32) (result i32)
    (i32.shr_u (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)))
  (func $pairHash (param $head i32) (param $second i32) (result i32)
    (i32.add (i32.mul (i32.xor (local.get $head) (i32.const 0x9e3779b9)) (i32.const 0x85ebca6b)) (local.get $second)))

  ;; heads.ts `wordFlags`: the 2-bit flags at both slots of `hash` in the word table at `table`.
  (func $slotFlags (param $table i32) (param $s i32) (result i32)
    (i32.and
      (i32.shr_u (i32.load (i32.add (local.get $table) (i32.shl (i32.shr_u (local.get $s) (i32.const 4)) (i32.const 2))))
                 (i32.shl (i32.and (local.get $s) (i32.const 15)) (i32.const 1)))
      (i32.const 3)))
  (func $wordFlags (param $table i32) (param $hash i32) (result i32)
    (local $flags i32) (local $s i32)
    (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $hash) (i32.shr_u (local.get $hash) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 14)))
    (local.set $flags
      (i32.and
        (i32.shr_u (i32.load (i32.add (local.get $table) (i32.shl (i32.shr_u (local.get $s) (i32.const 4)) (i32.const 2))))
                   (i32.shl (i32.and (local.get $s) (i32.const 15)) (i32.const 1)))
        (i32.const 3)))
    (if (i32.eqz (local.get $flags)) (then (return (i32.const 0))))
    (i32.and (local.get $flags) (call $slotFlags (local.get $table) (call $wordSlot2 (local.get $hash)))))

  ;; heads.ts `gateOpen`.
  (func $gateOpen (param $table i32) (param $slot i32) (result i32)
    (i32.and
      (i32.shr_u (i32.load (i32.add (local.get $table) (i32.shl (i32.shr_u (local.get $slot) (i32.const 5)) (i32.const 2))))
                 (i32.and (local.get $slot) (i32.const 31)))
      (i32.const 1)))

  ;; `continuesWord`: after apostrophes (39, not MARK) going back from `start`, a word character.
  (func $continuesWord (param $start i32) (result i32)
    (local $j i32)
    (local.set $j (i32.sub (local.get $start) (i32.const 1)))
    (block $out
      (loop $back
        (br_if $out (i32.lt_s (local.get $j) (i32.const 0)))
        (br_if $out (i32.ne (call $unit (local.get $j)) (i32.const 39)))
        (local.set $j (i32.sub (local.get $j) (i32.const 1)))
        (br $back)))
    (if (i32.lt_s (local.get $j) (i32.const 0)) (then (return (i32.const 0))))
    (call $isWord (call $unit (local.get $j)) (local.get $j)))

  ;; Scan `n` units at $TEXT; write phrase-start positions (i32) from `out`; return how many.
  (func (export "scan") (param $n i32) (param $out i32) (param $walkAll i32)
        (param $prefixLengths i32) (param $prefixPairLengths i32) (param $pairLengths i32) (param $tripleLengths i32)
        (result i32)
    (local $count i32) (local $words i32) (local $i i32) (local $c i32) (local $start i32)
    (local $h i32) (local $length i32) (local $head i32)
    (local $firstStart i32) (local $firstHash i32) (local $firstHasBeginning i32) (local $firstBeginning i32)
    (local $pairStart i32) (local $pairHashed i32)
    (local $walk i32) (local $secondHit i32) (local $thirdHit i32) (local $opensByBeginning i32) (local $beginningHash i32)
    (local $firstGate i32) (local $secondGate i32) (local $thirdGate i32)
    (local $j i32) (local $d i32) (local $b i32) (local $bl i32) (local $bit i32)
    (local $both i32) (local $flags i32) (local $prev i32) (local $k i32) (local $s i32) (local $t i32)
    (local.set $firstStart (i32.const -1))
    (local.set $pairStart (i32.const -1))
    (block $done
      (loop $words_loop
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $c (i32.load16_u (i32.add (global.get $TEXT) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $k (i32.load8_u (i32.add (global.get $UNIT_CLASS) (local.get $c))))
        (if (i32.eqz (local.get $k)) (then (local.set $k (call $classify (local.get $c) (local.get $i)))))
        (if (i32.ne (local.get $k) (i32.const 1))
          (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $words_loop)))
        (local.set $start (local.get $i))
        ;; Counted as `countWords` counts the original text.
        (if (i32.eqz (local.get $start))
          (then (local.set $words (i32.add (local.get $words) (i32.const 1))))
          (else
            (local.set $prev (i32.load16_u (i32.add (global.get $TEXT) (i32.shl (i32.sub (local.get $start) (i32.const 1)) (i32.const 1)))))
            (if (i32.or (i32.ne (local.get $prev) (i32.const 39)) (i32.eqz (call $continuesWord (local.get $start))))
              (then (local.set $words (i32.add (local.get $words) (i32.const 1)))))))
        ;; The key hash and the hash of the first GATE letters.
        (local.set $h (i32.const 0))
        (local.set $length (i32.const 0))
        (local.set $head (i32.const 0))
        (block $word_end
          (loop $letters
            (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (local.get $c)))
            (local.set $length (i32.add (local.get $length) (i32.const 1)))
            (if (i32.eq (local.get $length) (i32.const 3)) (then (local.set $head (local.get $h))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $word_end (i32.ge_s (local.get $i) (local.get $n)))
            (local.set $c (i32.load16_u (i32.add (global.get $TEXT) (i32.shl (local.get $i) (i32.const 1)))))
            (local.set $k (i32.load8_u (i32.add (global.get $UNIT_CLASS) (local.get $c))))
            (if (i32.eqz (local.get $k)) (then (local.set $k (call $classify (local.get $c) (local.get $i)))))
            (br_if $letters (i32.eq (local.get $k) (i32.const 1)))
            (br_if $word_end (i32.eqz (call $isApostrophe (local.get $c))))
            (br_if $word_end (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
            (br_if $word_end (i32.eqz (call $isWord (call $unit (i32.add (local.get $i) (i32.const 1))) (i32.add (local.get $i) (i32.const 1)))))
            ;; An apostrophe inside the word: not in its key; a MARK quote splits it for counting.
            (if (i32.eq (local.get $c) (i32.const 0x2018))
              (then (local.set $words (i32.add (local.get $words) (i32.const 1)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $c (call $unit (local.get $i)))
            (br $letters)))
        ;; Beginnings, when a gate is open.
        (local.set $walk (local.get $walkAll))
        (local.set $secondHit (i32.const 0))
        (local.set $thirdHit (i32.const 0))
        (local.set $opensByBeginning (i32.const 0))
        (local.set $beginningHash (i32.const 0))
        (if (i32.ge_s (local.get $length) (i32.const 3))
          (then
            (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $head) (i32.shr_u (local.get $head) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)))
            (local.set $firstGate
              (i32.and
                (i32.shr_u (i32.load (i32.add (global.get $PREFIX_GATE) (i32.shl (i32.shr_u (local.get $s) (i32.const 5)) (i32.const 2))))
                           (i32.and (local.get $s) (i32.const 31)))
                (i32.const 1)))
            (local.set $secondGate (i32.const 0))
            (if (i32.ge_s (local.get $firstStart) (i32.const 0))
              (then
                (local.set $secondGate (call $gateOpen (global.get $PAIR_GATE) (call $prefixSlot (call $pairHash (local.get $firstHash) (local.get $head)))))
                (if (i32.and (i32.eqz (local.get $secondGate)) (local.get $firstHasBeginning))
                  (then (local.set $secondGate (call $gateOpen (global.get $PAIR_GATE) (call $prefixSlot (call $pairHash (local.get $firstBeginning) (local.get $head)))))))))
            (local.set $thirdGate (i32.const 0))
            (if (i32.ge_s (local.get $pairStart) (i32.const 0))
              (then (local.set $thirdGate (call $gateOpen (global.get $TRIPLE_GATE) (call $prefixSlot (call $pairHash (local.get $pairHashed) (local.get $head)))))))
            (if (i32.or (i32.or (local.get $firstGate) (local.get $secondGate)) (local.get $thirdGate))
              (then
                (local.set $b (i32.const 0))
                (local.set $bl (i32.const 0))
                (local.set $j (local.get $start))
                (block $beginnings_done
                  (loop $beginnings
                    (br_if $beginnings_done (i32.ge_s (local.get $j) (local.get $i)))
                    (br_if $beginnings_done (i32.ge_s (local.get $bl) (i32.const 24)))
                    (local.set $d (i32.load16_u (i32.add (global.get $TEXT) (i32.shl (local.get $j) (i32.const 1)))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br_if $beginnings (i32.eq (local.get $d) (i32.const 39)))
                    (br_if $beginnings (i32.eq (local.get $d) (i32.const 0x2018)))
                    (local.set $b (i32.add (i32.mul (local.get $b) (i32.const 31)) (local.get $d)))
                    (local.set $bl (i32.add (local.get $bl) (i32.const 1)))
                    (br_if $beginnings (i32.lt_s (local.get $bl) (i32.const 3)))
                    (local.set $bit (i32.shl (i32.const 1) (local.get $bl)))
                    (if (local.get $firstGate)
                      (then
                        (if (i32.and (local.get $prefixLengths) (local.get $bit))
                          (then
                            (if (i32.and (i32.load (i32.add (global.get $PREFIXES) (i32.shl (i32.shr_u (i32.mul (i32.xor (local.tee $t (local.get $b)) (i32.shr_u (local.get $t) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)) (i32.const 2)))) (local.get $bit))
                              (then (local.set $walk (i32.const 1))))))
                        (if (i32.and (local.get $prefixPairLengths) (local.get $bit))
                          (then
                            (if (i32.and (i32.load (i32.add (global.get $PREFIX_PAIRS) (i32.shl (i32.shr_u (i32.mul (i32.xor (local.tee $t (local.get $b)) (i32.shr_u (local.get $t) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)) (i32.const 2)))) (local.get $bit))
                              (then
                                (if (local.get $opensByBeginning) (then (local.set $walk (i32.const 1))))
                                (local.set $opensByBeginning (i32.const 1))
                                (local.set $beginningHash (local.get $b))))))))
                    (if (i32.and (local.get $secondGate) (i32.ne (i32.and (local.get $pairLengths) (local.get $bit)) (i32.const 0)))
                      (then
                        (if (i32.ne (i32.and (i32.load (i32.add (global.get $PAIR_PREFIXES) (i32.shl (i32.shr_u (i32.mul (i32.xor (local.tee $t (i32.add (i32.mul (i32.xor (local.get $firstHash) (i32.const 0x9e3779b9)) (i32.const 0x85ebca6b)) (local.get $b))) (i32.shr_u (local.get $t) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)) (i32.const 2)))) (local.get $bit)) (i32.const 0))
                          (then (local.set $secondHit (i32.const 1)))
                          (else
                            (if (local.get $firstHasBeginning)
                              (then
                                (if (i32.and (i32.load (i32.add (global.get $PAIR_PREFIXES) (i32.shl (i32.shr_u (i32.mul (i32.xor (local.tee $t (i32.add (i32.mul (i32.xor (local.get $firstBeginning) (i32.const 0x9e3779b9)) (i32.const 0x85ebca6b)) (local.get $b))) (i32.shr_u (local.get $t) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)) (i32.const 2)))) (local.get $bit))
                                  (then (local.set $secondHit (i32.const 1))))))))))
                    (if (i32.and (local.get $thirdGate) (i32.ne (i32.and (local.get $tripleLengths) (local.get $bit)) (i32.const 0)))
                      (then
                        (if (i32.ne (i32.and (i32.load (i32.add (global.get $TRIPLE_PREFIXES) (i32.shl (i32.shr_u (i32.mul (i32.xor (local.tee $t (i32.add (i32.mul (i32.xor (local.get $pairHashed) (i32.const 0x9e3779b9)) (i32.const 0x85ebca6b)) (local.get $b))) (i32.shr_u (local.get $t) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)) (i32.const 2)))) (local.get $bit)) (i32.const 0))
                          (then (local.set $thirdHit (i32.const 1))))))
                    (br $beginnings)))))))
        ;; Openings, oldest first.
        (if (i32.ge_s (local.get $pairStart) (i32.const 0))
          (then
            (if (i32.or (local.get $thirdHit) (i32.ne (call $wordFlags (global.get $TRIPLE_WORDS) (call $pairHash (local.get $pairHashed) (local.get $h))) (i32.const 0)))
              (then
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pairStart))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))))
            (local.set $pairStart (i32.const -1))))
        (if (i32.ge_s (local.get $firstStart) (i32.const 0))
          (then
            (local.set $both (call $pairHash (local.get $firstHash) (local.get $h)))
            (local.set $flags (call $wordFlags (global.get $PAIR_WORDS) (local.get $both)))
            (if (i32.and (i32.eqz (i32.or (local.get $secondHit) (i32.and (local.get $flags) (i32.const 1)))) (local.get $firstHasBeginning))
              (then
                (local.set $secondHit (i32.and (call $wordFlags (global.get $PAIR_WORDS) (call $pairHash (local.get $firstBeginning) (local.get $h))) (i32.const 1)))))
            (if (i32.or (local.get $secondHit) (i32.and (local.get $flags) (i32.const 1)))
              (then
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $firstStart))
                (local.set $count (i32.add (local.get $count) (i32.const 1))))
              (else
                (if (i32.and (local.get $flags) (i32.const 2))
                  (then
                    (local.set $pairStart (local.get $firstStart))
                    (local.set $pairHashed (local.get $both))))))
            (local.set $firstStart (i32.const -1))
            (local.set $firstHasBeginning (i32.const 0))))
        ;; wordFlags(WORDS, h), the first probe written out (most words stop there).
        (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 14)))
        (local.set $flags
          (i32.and
            (i32.shr_u (i32.load (i32.add (global.get $WORDS) (i32.shl (i32.shr_u (local.get $s) (i32.const 4)) (i32.const 2))))
                       (i32.shl (i32.and (local.get $s) (i32.const 15)) (i32.const 1)))
            (i32.const 3)))
        (if (local.get $flags)
          (then (local.set $flags (i32.and (local.get $flags) (call $slotFlags (global.get $WORDS) (call $wordSlot2 (local.get $h)))))))
        (if (i32.or (local.get $walk) (i32.and (local.get $flags) (i32.const 1)))
          (then
            (if (i32.ge_s (local.get $pairStart) (i32.const 0))
              (then
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pairStart))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $pairStart (i32.const -1))))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $start))
            (local.set $count (i32.add (local.get $count) (i32.const 1))))
          (else
            (if (i32.or (i32.and (local.get $flags) (i32.const 2)) (local.get $opensByBeginning))
              (then
                (local.set $firstStart (local.get $start))
                (local.set $firstHash (select (local.get $h) (local.get $beginningHash) (i32.and (local.get $flags) (i32.const 2))))
                (local.set $firstHasBeginning (local.get $opensByBeginning))
                (local.set $firstBeginning (local.get $beginningHash))))))
        (br $words_loop)))
    (global.set $wordCount (local.get $words))
    (local.get $count))
)
