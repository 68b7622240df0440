package report

// AgesForTest returns the age of every non-voided income event, by ID, as
// report decay computes it (-1: no work before it).
func AgesForTest(in Input) (map[uint64]int64, error) {
	g, err := newEngine(in, Rule{})
	if err != nil {
		return nil, err
	}
	a := newAgeAcc(g)
	out := map[uint64]int64{}
	err = g.run(func(it *item) {
		if it.e.Kind.CountsAsIncome() {
			out[it.e.ID] = a.observe(it)
		}
	})
	return out, err
}
