// Package techarea recognises sensitive technology areas and fields of
// opportunity in research text, and explains each label with the phrases that
// fired.
//
// Research offices decide how much scrutiny a collaboration needs from two
// questions: does the work touch a sensitive technology (the UK National
// Security and Investment Act areas, Canada's Sensitive Technology Research
// Areas, the dual-use control categories, the ATAS subjects), and is it in a
// field where cooperation is wanted (climate and environment, planetary
// science and astronomy, health, agriculture and food)? This package answers
// both from a title and an abstract.
//
// The vocabulary lives in a versioned YAML taxonomy embedded in the binary
// (taxonomy.yaml). An organisation can extend or override it with its own file
// (Taxonomy.WithOverride); a bad override is rejected with its file and line,
// and the taxonomy already in use stays in force.
//
// The classifier is a weighted lexicon. Each area's phrases carry a weight;
// a label's raw score is the sum of the weights of the phrases found (title
// occurrences count 1.5 times, repeats count a little, see Classify), and its
// score is 1 - 2^(-raw/2), so a score of 0.5 means "evidence worth two strong
// phrases' half-weight". Phrases marked as methods ("machine learning",
// "satellite imagery") are discounted when another label is clearly the
// subject, so a climate-model paper that uses machine learning is
// climate_environment with a low artificial_intelligence score. A sensitive
// area other than the text's main subject is assigned only when it carries
// at least half the main subject's evidence (SecondaryRatio), so incidental
// mentions stay candidates with a reason; a secondary area made only of
// method phrases is a tool of the main subject and stays a candidate too.
//
// Words mean different things in different disciplines: "robot" in a
// labour-economics paper, "encryption" in a legal analysis, "entanglement"
// in a holography paper. The taxonomy therefore also defines discipline
// contexts, recognised from their own cue phrases (difference-in-differences,
// theorem and manifold, archives, respondents...). When a context outside the
// sensitive areas outweighs the cues of a technical contribution (a
// prototype, a testbed, measured GHz or dB) by ContextMin, every
// sensitive-area evidence weight is damped by ContextDamp, and the evidence
// note names the context and its cues. Contexts are reported in
// Result.Contexts and never appear as labels. Block phrases
// ("nuclear receptor", "food security") stop false friends. Every label
// carries its evidence, and the weights in the evidence add up to the raw
// score, so each decision can be checked by hand.
//
// The package is pure: no I/O beyond the readers and bytes it is given, no
// clock, no mutable globals, and the same input always gives the same output.
// Hints about export control and academic technology approval are pointers
// to the official lists, never legal conclusions.
package techarea
