// Command earnlog tracks income streams and the hours behind them, and tells
// what share of the income arrived without logged work.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
