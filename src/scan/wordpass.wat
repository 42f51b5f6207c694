;; The matcher's word pass (`jsPhraseStarts` in wordpass.ts) as WebAssembly: the same head filter over the
;; same hash tables, run on the normalized text as UTF-16 units. It writes, in order, every position
;; where the matcher should try a phrase, and counts words as `countWords` does. In JavaScript this
;; loop needs about half a second of compiler warm-up in each process (it deoptimizes on rare
;; branches, and a scan is one pass); this code runs at full speed from the first word. Warm, this
;; is about 10% faster (measured on the 23 MB bench corpus: 0.33-0.42 s against 0.36-0.49 s).
;;
;; Built into src/scan/wordpass-wasm.ts by scripts/build-wasm.mjs (a test fails if the two drift).
;; The JavaScript pass, `jsPhraseStarts` in wordpass.ts, is the one specification of the word pass;
;; this module is a translation of it for speed, not a second definition, and where the two disagree
;; this file is the one that is wrong. test/scan/wordpass.test.ts runs both on random texts and
;; requires the same starts, in the same order, and the same word count. HARMLEX_WORDPASS=js runs
;; without this module (docs/internals.md, "The word pass"). Sizes follow lexicon/heads.ts (WORD_BITS 18, PREFIX_BITS 16, GATE 3,
;; PREFIX_MAX 24); the JavaScript side checks them and the table sizes against the exported layout.
;;
;; Units in the copy: the normalized text, except that a quote that folded to an apostrophe but is
;; not one to `countWords` (U+2018, U+FF07) is written as MARK (U+2018): an apostrophe for keys, a
;; word break for counting.
(module
  (import "js" "isWordAt" (func $isWordAtJs (param i32) (result i32)))
  (memory (export "memory") 28)

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
  (global $QUAD_WORDS i32 (i32.const 1269760))
  (global $QUAD_GATE i32 (i32.const 1335296))
  (global $QUAD_PREFIXES i32 (i32.const 1343488))
  ;; A byte per BMP unit: 0 not known yet, 1 a word character, 2 not, 3 the apostrophe ('), 4 MARK
  ;; (ASCII and MARK are set by JavaScript when it loads the module; the rest as they are met).
  (global $UNIT_CLASS i32 (i32.const 1605632))
  ;; Records of words read but not yet filtered: start, end, hash, length, hash of the first GATE letters.
  (global $WORD_BUFFER i32 (i32.const 1671168))
  (global $WORD_BUFFER_END i32 (i32.const 1753088))
  ;; Tables for eight units at a time (filled by $init): POWERS[j] has 31^(j-1-l) in lane l < j and 0
  ;; above; FROM[f] has all ones in lanes l >= f; POW31[n] is 31^n. Nine of each (j, f, n in 0..8).
  (global $POWERS i32 (i32.const 1753088))
  (global $FROM i32 (i32.const 1753376))
  (global $POW31 i32 (i32.const 1753664))
  ;; The text and then the positions start here.
  (global $TEXT i32 (i32.const 1754112))
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
  (export "QUAD_WORDS" (global $QUAD_WORDS))
  (export "QUAD_GATE" (global $QUAD_GATE))
  (export "QUAD_PREFIXES" (global $QUAD_PREFIXES))
  (export "TEXT" (global $TEXT))
  (export "UNIT_CLASS" (global $UNIT_CLASS))
  ;; The head filter's constants this code is written for (lexicon/heads.ts GATE and PREFIX_MAX).
  (global (export "GATE") i32 (i32.const 3))
  (global (export "PREFIX_MAX") i32 (i32.const 24))

  ;; Outputs of the last `scan` besides its result: the number of words.
  (global $wordCount (export "wordCount") (mut i32) (i32.const 0))

  (func $init
    (local $j i32) (local $l i32) (local $x i32)
    (local.set $x (i32.const 1))
    (loop $n
      (i32.store (i32.add (global.get $POW31) (i32.shl (local.get $j) (i32.const 2))) (local.get $x))
      (local.set $x (i32.mul (local.get $x) (i32.const 31)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $n (i32.le_u (local.get $j) (i32.const 8))))
    (local.set $j (i32.const 0))
    (loop $rows
      (local.set $l (i32.const 0))
      (loop $lanes
        ;; POWERS[j][l] = 31^(j-1-l) for l < j; FROM[j][l] = -1 for l >= j
        (i32.store (i32.add (global.get $POWERS) (i32.add (i32.shl (local.get $j) (i32.const 5)) (i32.shl (local.get $l) (i32.const 2))))
          (select (i32.load (i32.add (global.get $POW31) (i32.shl (i32.sub (i32.sub (local.get $j) (i32.const 1)) (local.get $l)) (i32.const 2)))) (i32.const 0)
                  (i32.lt_u (local.get $l) (local.get $j))))
        (i32.store (i32.add (global.get $FROM) (i32.add (i32.shl (local.get $j) (i32.const 5)) (i32.shl (local.get $l) (i32.const 2))))
          (select (i32.const -1) (i32.const 0) (i32.ge_u (local.get $l) (local.get $j))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br_if $lanes (i32.lt_u (local.get $l) (i32.const 8))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $rows (i32.le_u (local.get $j) (i32.const 8)))))
  (start $init)

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
  ;;
  ;; Two loops per block of words. The character loop has no branch that depends on the text in its
  ;; common path: it classes each unit, and updates the word's hash, length and beginning with
  ;; selects; at every unit it writes the current word's record to the word buffer, and moves on to
  ;; the next record only where a word has just ended. (A branch at each word's end is mispredicted
  ;; about once a word, which cost more than the rest of the loop.) Rare units take a slow path:
  ;; a unit not yet classed, and apostrophes, which may be inside a word. Most text goes eight units
  ;; at a time instead (where all eight are ASCII and none is an apostrophe): the same state, with a
  ;; record written for each word that ends among them. When the buffer is nearly full, or the text
  ;; ends, the word loop applies the head filter to the words in order.
  (func (export "scan") (param $n i32) (param $out i32) (param $walkAll i32)
        (param $prefixLengths i32) (param $prefixPairLengths i32) (param $pairLengths i32) (param $tripleLengths i32) (param $quadLengths i32)
        (result i32)
    (local $count i32) (local $words i32) (local $i i32) (local $c i32) (local $start i32)
    (local $h i32) (local $length i32) (local $head i32)
    (local $firstStart i32) (local $firstHash i32) (local $firstHasBeginning i32) (local $firstBeginning i32)
    (local $pairStart i32) (local $pairHashed i32) (local $tripleStart i32) (local $tripleHashed i32) (local $third i32)
    (local $fourthGate i32) (local $fourthHit i32)
    (local $walk i32) (local $secondHit i32) (local $thirdHit i32) (local $opensByBeginning i32) (local $beginningHash i32)
    (local $firstGate i32) (local $secondGate i32) (local $thirdGate i32)
    (local $j i32) (local $d i32) (local $b i32) (local $bl i32) (local $bit i32)
    (local $both i32) (local $flags i32) (local $k i32) (local $s i32) (local $t i32)
    ;; Character loop state: the unit's address, where the text ends, the word being read, the word buffer's end.
    (local $p i32) (local $end i32) (local $inWord i32) (local $w i32) (local $wp i32) (local $rp i32) (local $next i32)
    (local $wordStart i32) (local $wordHash i32) (local $wordLength i32) (local $wordHead i32) (local $atEnd i32) (local $long i32)
    ;; Eight units at a time: the units, as 32-bit lanes; their word bits; words ending and starting there.
    (local $v v128) (local $lo v128) (local $hi v128) (local $sum v128) (local $m i32) (local $ends i32) (local $starts i32)
    (local $base i32) (local $scalarUntil i32) (local $fresh i32) (local $from i32) (local $carriedHash i32) (local $carriedLength i32)
    (local $segment i32) (local $u i32) (local $h1 i32) (local $h2 i32) (local $h3 i32) (local $isEnd i32) (local $at i32)
    (local.set $firstStart (i32.const -1))
    (local.set $pairStart (i32.const -1))
    (local.set $tripleStart (i32.const -1))
    (local.set $p (global.get $TEXT))
    (local.set $end (i32.add (global.get $TEXT) (i32.shl (local.get $n) (i32.const 1))))
    (block $blocks_done
      (loop $blocks
        (local.set $wp (global.get $WORD_BUFFER))
        (block $chars_done
          (loop $chars
            (if (i32.ge_u (local.get $p) (local.get $end))
              (then (local.set $atEnd (i32.const 1)) (br $chars_done)))
            ;; Room for the records of eight units (four words end there at most) and one more store.
            (br_if $chars_done (i32.ge_u (local.get $wp) (i32.sub (global.get $WORD_BUFFER_END) (i32.const 100))))
            ;; Eight units at once where all are ASCII and none is an apostrophe (most English text).
            ;; The same state as the unit loop below: each word that ends here is written as a record,
            ;; and a word that runs on leaves its hash, length and beginning for the next units.
            (if (i32.and (i32.ge_u (local.get $p) (local.get $scalarUntil)) (i32.le_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
              (then
                (local.set $v (v128.load (local.get $p)))
                (local.set $m
                  (i16x8.bitmask
                    (v128.or (i16x8.gt_u (local.get $v) (v128.const i16x8 127 127 127 127 127 127 127 127))
                             (i16x8.eq (local.get $v) (v128.const i16x8 39 39 39 39 39 39 39 39)))))
                (if (i32.eqz (local.get $m))
                  (then
                    ;; Word bits: a-z and 0-9 (the text is lower-cased), as the class table has them.
                    (local.set $m
                      (i16x8.bitmask
                        (v128.or
                          (i16x8.lt_u (i16x8.sub (local.get $v) (v128.const i16x8 97 97 97 97 97 97 97 97)) (v128.const i16x8 26 26 26 26 26 26 26 26))
                          (i16x8.lt_u (i16x8.sub (local.get $v) (v128.const i16x8 48 48 48 48 48 48 48 48)) (v128.const i16x8 10 10 10 10 10 10 10 10)))))
                    (local.set $base (i32.shr_u (i32.sub (local.get $p) (global.get $TEXT)) (i32.const 1)))
                    ;; A word ends at unit j when j is not a word unit and the one before is; one starts where
                    ;; the reverse holds. A word still going at the last unit is taken as ending at 8
                    ;; (not written: its state carries over).
                    (local.set $ends
                      (i32.or
                        (i32.and (i32.and (i32.or (i32.shl (local.get $m) (i32.const 1)) (local.get $inWord)) (i32.xor (local.get $m) (i32.const -1))) (i32.const 255))
                        (i32.and (i32.shl (local.get $m) (i32.const 1)) (i32.const 256))))
                    (local.set $starts (i32.and (local.get $m) (i32.xor (i32.or (i32.shl (local.get $m) (i32.const 1)) (local.get $inWord)) (i32.const -1))))
                    (local.set $words (i32.add (local.get $words) (i32.popcnt (local.get $starts))))
                    (local.set $lo (i32x4.extend_low_i16x8_u (local.get $v)))
                    (local.set $hi (i32x4.extend_high_i16x8_u (local.get $v)))
                    (block $ends_done
                      (loop $each_end
                        (br_if $ends_done (i32.eqz (local.get $ends)))
                        (local.set $j (i32.ctz (local.get $ends)))
                        (local.set $ends (i32.and (local.get $ends) (i32.sub (local.get $ends) (i32.const 1))))
                        ;; The word's first unit here: the last start before j, or 0 for the word carried in
                        ;; (only the first to end can be that one).
                        (local.set $t (i32.and (local.get $starts) (i32.sub (i32.shl (i32.const 1) (local.get $j)) (i32.const 1))))
                        (local.set $fresh (i32.ne (local.get $t) (i32.const 0)))
                        (local.set $from (select (i32.sub (i32.const 31) (i32.clz (local.get $t))) (i32.const 0) (local.get $fresh)))
                        (local.set $carriedHash (select (i32.const 0) (local.get $wordHash) (local.get $fresh)))
                        (local.set $carriedLength (select (i32.const 0) (local.get $wordLength) (local.get $fresh)))
                        (local.set $wordStart (select (i32.add (local.get $base) (local.get $from)) (local.get $wordStart) (local.get $fresh)))
                        ;; The hash of units [from, j): sum of unit * 31^(j-1-lane), then after the carried part.
                        (local.set $at (i32.add (global.get $POWERS) (i32.shl (local.get $j) (i32.const 5))))
                        (local.set $t (i32.add (global.get $FROM) (i32.shl (local.get $from) (i32.const 5))))
                        (local.set $sum
                          (i32x4.add
                            (i32x4.mul (local.get $lo) (v128.and (v128.load (local.get $at)) (v128.load (local.get $t))))
                            (i32x4.mul (local.get $hi) (v128.and (v128.load offset=16 (local.get $at)) (v128.load offset=16 (local.get $t))))))
                        (local.set $sum (i32x4.add (local.get $sum) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $sum) (local.get $sum))))
                        (local.set $sum (i32x4.add (local.get $sum) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $sum) (local.get $sum))))
                        (local.set $segment (i32.sub (local.get $j) (local.get $from)))
                        (local.set $h
                          (i32.add (i32.mul (local.get $carriedHash) (i32.load (i32.add (global.get $POW31) (i32.shl (local.get $segment) (i32.const 2)))))
                                   (i32x4.extract_lane 0 (local.get $sum))))
                        (local.set $length (i32.add (local.get $carriedLength) (local.get $segment)))
                        ;; The hash of the first GATE (3) units of the key: carried, or the carried part and
                        ;; the first units here. (Only read for words of three units or more.)
                        (local.set $u (i32.add (local.get $p) (i32.shl (local.get $from) (i32.const 1))))
                        (local.set $h1 (i32.add (i32.mul (local.get $carriedHash) (i32.const 31)) (i32.load16_u (local.get $u))))
                        (local.set $h2 (i32.add (i32.mul (local.get $h1) (i32.const 31)) (i32.load16_u offset=2 (local.get $u))))
                        (local.set $h3 (i32.add (i32.mul (local.get $h2) (i32.const 31)) (i32.load16_u offset=4 (local.get $u))))
                        (local.set $head
                          (select (local.get $wordHead)
                            (select (local.get $h3) (select (local.get $h2) (local.get $h1) (i32.eq (local.get $carriedLength) (i32.const 1)))
                                    (i32.eqz (local.get $carriedLength)))
                            (i32.ge_u (local.get $carriedLength) (i32.const 3))))
                        (i32.store (local.get $wp) (local.get $wordStart))
                        (i32.store offset=4 (local.get $wp) (i32.add (local.get $base) (local.get $j)))
                        (i32.store offset=8 (local.get $wp) (local.get $h))
                        (i32.store offset=12 (local.get $wp) (local.get $length))
                        (i32.store offset=16 (local.get $wp) (local.get $head))
                        ;; A word that ended is written; one still going (j = 8) carries its state.
                        (local.set $isEnd (i32.ne (local.get $j) (i32.const 8)))
                        (local.set $wp (i32.add (local.get $wp) (i32.mul (local.get $isEnd) (i32.const 20))))
                        (local.set $wordHash (select (i32.const 0) (local.get $h) (local.get $isEnd)))
                        (local.set $wordLength (select (i32.const 0) (local.get $length) (local.get $isEnd)))
                        (local.set $wordHead (local.get $head))
                        (br $each_end)))
                    (local.set $inWord (i32.shr_u (local.get $m) (i32.const 7)))
                    (local.set $p (i32.add (local.get $p) (i32.const 16)))
                    (br $chars)))
                ;; The units before the first that is not plain ASCII, and that one, go one at a time.
                (local.set $scalarUntil (i32.add (local.get $p) (i32.shl (i32.add (i32.ctz (local.get $m)) (i32.const 1)) (i32.const 1))))))
            (local.set $c (i32.load16_u (local.get $p)))
            (local.set $k (i32.load8_u (i32.add (global.get $UNIT_CLASS) (local.get $c))))
            ;; Slow path: a unit not classed yet (0), or an apostrophe (APOSTROPHE or MARK_CLASS).
            (if (i32.ge_u (i32.sub (local.get $k) (i32.const 1)) (i32.const 2))
              (then
                (local.set $i (i32.shr_u (i32.sub (local.get $p) (global.get $TEXT)) (i32.const 1)))
                (if (i32.eqz (local.get $k))
                  (then (local.set $k (call $classify (local.get $c) (local.get $i))))
                  (else
                    (local.set $next (i32.const 0))
                    (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $n))
                      (then (local.set $next (call $isWord (call $unit (i32.add (local.get $i) (i32.const 1))) (i32.add (local.get $i) (i32.const 1))))))
                    (if (i32.and (local.get $inWord) (local.get $next))
                      (then
                        ;; An apostrophe inside the word: not in its key, and the word goes on.
                        ;; A MARK quote splits it for counting.
                        (if (i32.eq (local.get $k) (i32.const 4))
                          (then (local.set $words (i32.add (local.get $words) (i32.const 1)))))
                        (local.set $p (i32.add (local.get $p) (i32.const 2)))
                        (br $chars)))
                    ;; An apostrophe ends or precedes words. A word starting just after an ASCII one
                    ;; is counted only if it does not continue an earlier word (`continuesWord`).
                    (if (i32.and (i32.eq (local.get $k) (i32.const 3)) (local.get $next))
                      (then
                        (if (call $continuesWord (i32.add (local.get $i) (i32.const 1)))
                          (then (local.set $words (i32.sub (local.get $words) (i32.const 1)))))))
                    (local.set $k (i32.const 2))))))
            ;; k is now 1 (a word unit) or 2 (not). The current word's record, kept only if it just ended.
            (local.set $w (i32.sub (i32.const 2) (local.get $k)))
            (local.set $i (i32.shr_u (i32.sub (local.get $p) (global.get $TEXT)) (i32.const 1)))
            (i32.store (local.get $wp) (local.get $wordStart))
            (i32.store offset=4 (local.get $wp) (local.get $i))
            (i32.store offset=8 (local.get $wp) (local.get $wordHash))
            (i32.store offset=12 (local.get $wp) (local.get $wordLength))
            (i32.store offset=16 (local.get $wp) (local.get $wordHead))
            (local.set $wp (i32.add (local.get $wp) (i32.mul (i32.gt_u (local.get $inWord) (local.get $w)) (i32.const 20))))
            ;; A word starts here: counted (see the apostrophe above), and its start noted.
            (local.set $t (i32.gt_u (local.get $w) (local.get $inWord)))
            (local.set $words (i32.add (local.get $words) (local.get $t)))
            (local.set $wordStart (select (local.get $i) (local.get $wordStart) (local.get $t)))
            ;; The key hash (heads.ts hashStep), the length and the hash of the first GATE letters.
            (local.set $wordHash (select (i32.add (i32.mul (local.get $wordHash) (i32.const 31)) (local.get $c)) (i32.const 0) (local.get $w)))
            (local.set $wordLength (i32.mul (i32.add (local.get $wordLength) (i32.const 1)) (local.get $w)))
            (local.set $wordHead (select (local.get $wordHash) (local.get $wordHead) (i32.eq (local.get $wordLength) (i32.const 3))))
            (local.set $inWord (local.get $w))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $chars)))
        ;; The text's last word ends with it.
        (if (i32.and (local.get $atEnd) (local.get $inWord))
          (then
            (i32.store (local.get $wp) (local.get $wordStart))
            (i32.store offset=4 (local.get $wp) (local.get $n))
            (i32.store offset=8 (local.get $wp) (local.get $wordHash))
            (i32.store offset=12 (local.get $wp) (local.get $wordLength))
            (i32.store offset=16 (local.get $wp) (local.get $wordHead))
            (local.set $wp (i32.add (local.get $wp) (i32.const 20)))
            (local.set $inWord (i32.const 0))))
        ;; The word loop: the head filter, word by word, in order.
        (local.set $rp (global.get $WORD_BUFFER))
        (block $words_done
          (loop $words_loop
            (br_if $words_done (i32.ge_u (local.get $rp) (local.get $wp)))
            (local.set $start (i32.load (local.get $rp)))
            (local.set $i (i32.load offset=4 (local.get $rp)))
            (local.set $h (i32.load offset=8 (local.get $rp)))
            (local.set $length (i32.load offset=12 (local.get $rp)))
            (local.set $head (i32.load offset=16 (local.get $rp)))
            (local.set $rp (i32.add (local.get $rp) (i32.const 20)))
    ;; Beginnings, when a gate is open.
            (local.set $walk (local.get $walkAll))
            (local.set $secondHit (i32.const 0))
            (local.set $thirdHit (i32.const 0))
            (local.set $fourthHit (i32.const 0))
            (local.set $opensByBeginning (i32.const 0))
            (local.set $beginningHash (i32.const 0))
            ;; The gates, computed for every word without a branch (one here was mispredicted often:
            ;; short words, and the common words that open phrases, such as "the"). A word of fewer than
            ;; GATE letters opens none.
            (local.set $long (i32.ge_s (local.get $length) (i32.const 3)))
            (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $head) (i32.shr_u (local.get $head) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)))
            (local.set $firstGate (i32.and (i32.and (i32.shr_u (i32.load (i32.add (global.get $PREFIX_GATE) (i32.shl (i32.shr_u (local.get $s) (i32.const 5)) (i32.const 2)))) (i32.and (local.get $s) (i32.const 31))) (i32.const 1)) (local.get $long)))
            (local.set $t (i32.add (i32.mul (i32.xor (local.get $firstHash) (i32.const 0x9e3779b9)) (i32.const 0x85ebca6b)) (local.get $head)))
            (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 16)))
            (local.set $secondGate
              (i32.and (i32.and (i32.shr_u (i32.load (i32.add (global.get $PAIR_GATE) (i32.shl (i32.shr_u (local.get $s) (i32.const 5)) (i32.const 2)))) (i32.and (local.get $s) (i32.const 31))) (i32.const 1))
                       (i32.and (local.get $long) (i32.ge_s (local.get $firstStart) (i32.const 0)))))
            (if (i32.and (i32.and (i32.eqz (local.get $secondGate)) (local.get $firstHasBeginning)) (local.get $long))
              (then (local.set $secondGate (call $gateOpen (global.get $PAIR_GATE) (call $prefixSlot (call $pairHash (local.get $firstBeginning) (local.get $head)))))))
            (local.set $thirdGate (i32.const 0))
            (if (i32.and (local.get $long) (i32.ge_s (local.get $pairStart) (i32.const 0)))
              (then (local.set $thirdGate (call $gateOpen (global.get $TRIPLE_GATE) (call $prefixSlot (call $pairHash (local.get $pairHashed) (local.get $head)))))))
            (local.set $fourthGate (i32.const 0))
            (if (i32.and (local.get $long) (i32.ge_s (local.get $tripleStart) (i32.const 0)))
              (then (local.set $fourthGate (call $gateOpen (global.get $QUAD_GATE) (call $prefixSlot (call $pairHash (local.get $tripleHashed) (local.get $head)))))))
                (if (i32.or (i32.or (i32.or (local.get $firstGate) (local.get $secondGate)) (local.get $thirdGate)) (local.get $fourthGate))
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
                        (if (i32.and (local.get $fourthGate) (i32.ne (i32.and (local.get $quadLengths) (local.get $bit)) (i32.const 0)))
                          (then
                            (if (i32.ne (i32.and (i32.load (i32.add (global.get $QUAD_PREFIXES) (i32.shl (call $prefixSlot (call $pairHash (local.get $tripleHashed) (local.get $b))) (i32.const 2)))) (local.get $bit)) (i32.const 0))
                              (then (local.set $fourthHit (i32.const 1))))))
                        (br $beginnings)))))
            ;; Openings, oldest first.
            (if (i32.ge_s (local.get $tripleStart) (i32.const 0))
              (then
                (if (i32.or (local.get $fourthHit) (i32.ne (call $wordFlags (global.get $QUAD_WORDS) (call $pairHash (local.get $tripleHashed) (local.get $h))) (i32.const 0)))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $tripleStart))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (local.set $tripleStart (i32.const -1))))
            (if (i32.ge_s (local.get $pairStart) (i32.const 0))
              (then
                (local.set $third (call $pairHash (local.get $pairHashed) (local.get $h)))
                (local.set $flags (select (i32.const 1) (call $wordFlags (global.get $TRIPLE_WORDS) (local.get $third)) (local.get $thirdHit)))
                (if (i32.and (local.get $flags) (i32.const 1))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pairStart))
                    (local.set $count (i32.add (local.get $count) (i32.const 1))))
                  (else
                    ;; Phrases of four words or more: wait for the fourth.
                    (if (i32.and (local.get $flags) (i32.const 2))
                      (then
                        (local.set $tripleStart (local.get $pairStart))
                        (local.set $tripleHashed (local.get $third))))))
                (local.set $pairStart (i32.const -1))))
            ;; An opening word before this one: most pairs are not in the table (a first probe says so).
            (local.set $both (i32.add (i32.mul (i32.xor (local.get $firstHash) (i32.const 0x9e3779b9)) (i32.const 0x85ebca6b)) (local.get $h)))
            (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $both) (i32.shr_u (local.get $both) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 14)))
            (local.set $flags
              (i32.and
                (i32.shr_u (i32.load (i32.add (global.get $PAIR_WORDS) (i32.shl (i32.shr_u (local.get $s) (i32.const 4)) (i32.const 2))))
                           (i32.shl (i32.and (local.get $s) (i32.const 15)) (i32.const 1)))
                (i32.const 3)))
            (if (i32.and (i32.ge_s (local.get $firstStart) (i32.const 0))
                         (i32.ne (i32.or (i32.or (local.get $flags) (local.get $secondHit)) (local.get $firstHasBeginning)) (i32.const 0)))
              (then
                (local.set $flags (call $wordFlags (global.get $PAIR_WORDS) (local.get $both)))
                (if (i32.and (i32.and (i32.eqz (i32.or (local.get $secondHit) (i32.and (local.get $flags) (i32.const 1)))) (local.get $firstHasBeginning))
                             (i32.ne (local.get $firstBeginning) (local.get $firstHash)))
                  (then
                    (local.set $secondHit (i32.ne (call $wordFlags (global.get $PAIR_WORDS) (call $pairHash (local.get $firstBeginning) (local.get $h))) (i32.const 0)))))
                (if (i32.or (local.get $secondHit) (i32.and (local.get $flags) (i32.const 1)))
                  (then
                    ;; An older opening still waiting for its fourth word is tried first: starts go in order.
                    (if (i32.ge_s (local.get $tripleStart) (i32.const 0))
                      (then
                        (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $tripleStart))
                        (local.set $count (i32.add (local.get $count) (i32.const 1)))
                        (local.set $tripleStart (i32.const -1))))
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $firstStart))
                    (local.set $count (i32.add (local.get $count) (i32.const 1))))
                  (else
                    (if (i32.and (local.get $flags) (i32.const 2))
                      (then
                        (local.set $pairStart (local.get $firstStart))
                        (local.set $pairHashed (local.get $both))))))))
            (local.set $firstStart (i32.const -1))
            (local.set $firstHasBeginning (i32.const 0))
            ;; wordFlags(WORDS, h), the first probe written out (most words stop there).
            (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x45d9f3b)) (i32.const 14)))
            (local.set $flags
              (i32.and
                (i32.shr_u (i32.load (i32.add (global.get $WORDS) (i32.shl (i32.shr_u (local.get $s) (i32.const 4)) (i32.const 2))))
                           (i32.shl (i32.and (local.get $s) (i32.const 15)) (i32.const 1)))
                (i32.const 3)))
            ;; The second probe, also without a branch: the common words that open phrases pass the first.
            (local.set $t (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 15))) (i32.const 0x2c1b3c6d)))
            (local.set $s (i32.shr_u (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 12))) (i32.const 0x297a2d39)) (i32.const 14)))
            (local.set $flags
              (i32.and (local.get $flags)
                (i32.shr_u (i32.load (i32.add (global.get $WORDS) (i32.shl (i32.shr_u (local.get $s) (i32.const 4)) (i32.const 2))))
                           (i32.shl (i32.and (local.get $s) (i32.const 15)) (i32.const 1)))))
            (if (i32.or (local.get $walk) (i32.and (local.get $flags) (i32.const 1)))
              (then
                ;; Earlier openings still waiting for their third or fourth word are tried now: starts go in order.
                (if (i32.ge_s (local.get $tripleStart) (i32.const 0))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $tripleStart))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (local.set $tripleStart (i32.const -1))))
                (if (i32.ge_s (local.get $pairStart) (i32.const 0))
                  (then
                    (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $pairStart))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))
                    (local.set $pairStart (i32.const -1))))
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))) (local.get $start))
                (local.set $count (i32.add (local.get $count) (i32.const 1))))
              (else
                ;; Does this word open a phrase (by itself, or by its beginning)? Selects, not a branch.
                (local.set $t (i32.or (i32.and (local.get $flags) (i32.const 2)) (local.get $opensByBeginning)))
                (local.set $firstStart (select (local.get $start) (i32.const -1) (local.get $t)))
                (local.set $firstHash (select (select (local.get $h) (local.get $beginningHash) (i32.and (local.get $flags) (i32.const 2))) (local.get $firstHash) (local.get $t)))
                (local.set $firstHasBeginning (local.get $opensByBeginning))
                (local.set $firstBeginning (local.get $beginningHash))))
            (br $words_loop)))
        ;; A block may end inside a word: the character loop's state (the word being read) and the word
        ;; loop's openings both carry over to the next block.
        (br_if $blocks_done (local.get $atEnd))
        (br $blocks)))
    (global.set $wordCount (local.get $words))
    (local.get $count))
)
