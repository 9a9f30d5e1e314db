package plan

// Unexported parts the external tests check.
var IsCompressed = isCompressed

// CostOf is the cost of analyzing bytes in one account with the dry run's
// prices, usage this month and quota: what Summary.Cost is for a run of
// that many estimated bytes.
func (p *DryRun) CostOf(bytes int64) Cost {
	c, _ := p.costOf(map[string]int64{"": max(bytes, 0)})
	return c
}

func (p *DryRun) Prices() PriceTable { return p.pricesOf() }
