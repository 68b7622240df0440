package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// compareReports is -compare OLD,NEW -db FILE: every report, in every
// format and with the options that change how it reads the ledger, run by
// two earnlog binaries on the same ledger; their stdout, stderr and exit
// codes must be byte-identical. It is how a change to the engine shows
// that no report moved.
func compareReports(bins, db string, ids []string, only string) int {
	old, nw, ok := strings.Cut(bins, ",")
	if !ok || db == "" {
		fmt.Fprintln(os.Stderr, "earnlog-bench: -compare takes OLD,NEW (two earnlog binaries) and -db FILE")
		return 2
	}
	var cmds [][]string
	reports := [][]string{
		{"report", "monthly"},
		{"report", "monthly", "--by", "class"},
		{"report", "monthly", "--by", "stream", "--from", "2020-01-01", "--to", "2021-06-30"},
		{"report", "monthly", "--by", "platform", "--rule", "since-last"},
		{"report", "monthly", "--window", "0", "--compare", "--average"},
		{"report", "monthly", "--value", "USD"},
		{"report", "claim"},
		{"report", "claim", "--value", "USD"},
		{"report", "streams"},
		{"report", "streams", "--rule", "since-last"},
		{"report", "hours"},
		{"report", "periods", "--period", "quarter"},
		{"report", "periods", "--period", "week", "--from", "2024-01-01", "--by", "stream"},
		{"report", "periods", "--period", "year", "--value", "USD", "--compare", "--average"},
		{"report", "periods", "--period", "month", "--rule", "since-last", "--by", "class"},
		{"report", "decay"},
		{"report", "decay", "--by", "stream"},
		{"report", "runway"},
		{"report", "targets"},
	}
	for _, r := range reports {
		for _, o := range []string{"table", "csv", "json"} {
			cmds = append(cmds, append(append([]string{}, r...), "-o", o))
		}
	}
	cmds = append(cmds,
		[]string{"report", "claim", "--sweep"},
		[]string{"report", "events", "-o", "csv"},
		[]string{"report", "events", "-o", "csv", "--value", "USD"},
		[]string{"report", "events", "-o", "json", "--rule", "since-last"},
		[]string{"report", "monthly", "-o", "html"},
		[]string{"report", "html", "-o", "html"},
		[]string{"report", "html", "-o", "json"},
	)
	for _, id := range ids {
		cmds = append(cmds, []string{"explain", id}, []string{"explain", id, "-o", "json", "--rule", "since-last"})
	}
	env := append(os.Environ(), "EARNLOG_DB="+db, "EARNLOG_NOW=2026-03-27T17:00:00Z", "NO_COLOR=1")
	bad, refused := 0, 0
	ran := 0
	for _, c := range cmds {
		if only != "" && !strings.Contains(strings.Join(c, " "), only) {
			continue
		}
		ran++
		a, b := runOut(env, old, c), runOut(env, nw, c)
		if a.code != b.code || !bytes.Equal(a.out, b.out) || !bytes.Equal(a.err, b.err) {
			bad++
			fmt.Printf("DIFFERENT: earnlog %s (exit %d and %d, stdout %d and %d bytes)\n", strings.Join(c, " "), a.code, b.code, len(a.out), len(b.out))
			continue
		}
		fmt.Printf("same: earnlog %s (exit %d, %d bytes)\n", strings.Join(c, " "), a.code, len(a.out))
		if a.code == 2 {
			refused++
		}
	}
	fmt.Printf("%d commands, %d different\n", ran, bad)
	if refused > 0 {
		fmt.Printf("%d of them refused by both (exit 2): check their flags\n", refused)
	}
	if bad > 0 {
		return 1
	}
	return 0
}

type output struct {
	out, err []byte
	code     int
}

func runOut(env []string, bin string, args []string) output {
	c := exec.Command(bin, args...)
	c.Env = env
	var o, e bytes.Buffer
	c.Stdout, c.Stderr = &o, &e
	err := c.Run()
	code := 0
	if x, ok := err.(*exec.ExitError); ok {
		code = x.ExitCode()
	} else if err != nil {
		code = -1
		e.WriteString(err.Error())
	}
	return output{o.Bytes(), e.Bytes(), code}
}
