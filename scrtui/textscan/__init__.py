"""Text helpers shared by the anonymiser (`scrtui.anonymise`) and the residual detector
(`scrtui.residual`), below both so that neither imports the other for them.

- `folding`: the folded form of a text that names are matched in (`fold`, `canon`);
- `tries`: many literal words as one regular expression;
- `sentence`: the words around a span (`context`) and whether a position starts a sentence;
- `words`: the shipped list of ordinary English words.
"""
