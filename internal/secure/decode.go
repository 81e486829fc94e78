package secure

import "github.com/collabcheck/collabcheck/internal/strictdoc"

// Problem is one thing wrong with a file: its path, line and message.
type Problem = strictdoc.Problem

// ParseError lists every problem found in one file.
type ParseError = strictdoc.ParseError

// MaxProblems is how many problems one ParseError keeps.
const MaxProblems = strictdoc.MaxProblems
