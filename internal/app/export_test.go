package app

// MutationAttempts is how many times a mutation runs at most, for the retry tests.
const MutationAttempts = mutationAttempts
