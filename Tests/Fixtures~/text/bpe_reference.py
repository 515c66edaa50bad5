# Independent reference for Tests/Runtime/Data/BpeTokenizerTests.cs: GPT-2-style pieces (ASCII classes, no contractions)
# and naive BPE that recounts every pair after each merge; highest count first, ties by (left, right) ordinal order.
# Usage: python3 bpe_reference.py 40   (prints the first 40 merges with their counts; about 10 s)
import os, re, collections, sys, time
text = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tinyshakespeare.txt')).read()
pat = re.compile(r" ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+")
pieces = collections.Counter(pat.findall(text))
assert sum(len(p)*c for p,c in pieces.items()) == len(text)
words = {p: list(p) for p in pieces}
merges = []
t=time.time()
for step in range(int(sys.argv[1])):
    counts = collections.Counter()
    for p, syms in words.items():
        for a, b in zip(syms, syms[1:]):
            counts[(a, b)] += pieces[p]
    best = min(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))
    (a, b), c = best
    merges.append((a, b, c))
    for p, syms in words.items():
        out = []; i = 0
        while i < len(syms):
            if i + 1 < len(syms) and syms[i] == a and syms[i+1] == b:
                out.append(a + b); i += 2
            else:
                out.append(syms[i]); i += 1
        words[p] = out
print(len(pieces), time.time()-t, file=sys.stderr)
for a,b,c in merges: print(repr(a), repr(b), c)
