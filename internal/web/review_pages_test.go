package web

// securePageMatrixEntries are the self-review and triage pages in the
// isolation matrix.
func (w *world) securePageMatrixEntries(coReview int64, others map[string]int) map[string]matrixEntry {
	return map[string]matrixEntry{}
}
