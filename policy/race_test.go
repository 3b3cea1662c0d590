//go:build race

package policy_test

func init() { raceEnabled = true }
