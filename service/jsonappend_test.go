package service

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
)

// A statement page written by appendJSON is what json.Marshal writes:
// every field, empty optional ones, strings that need escaping (quotes,
// backslashes, control characters, HTML characters, U+2028, invalid
// UTF-8), Cyrillic and Kazakh letters, extreme amounts, no rows, no
// cursor.
func TestStatementPageJSON(t *testing.T) {
	strs := []string{"", "2025-03-10", "OPV", "ТОО «Астана-Құрылыс»", `say "hi"`, `a\b`, "tab\there", "nl\n", "\x00\x01\x1f",
		"<script>&amp;</script>", "line\u2028sep\u2029", "bad \xff utf8", "\xc3", "emoji 😀", "\u007f", "ok", "a<b", "a>b", "a&b", "\"", "\\", "\u2029"}
	rnd := rand.New(rand.NewPCG(1, 2))
	pick := func() string { return strs[rnd.IntN(len(strs))] }
	money := []api.Money{0, 1, -1, 12345678, -987654321, math.MaxInt64, math.MinInt64}
	pages := []api.StatementPage{{}, {Rows: []api.StatementRow{}}, {Rows: []api.StatementRow{}, NextCursor: "djE6MjAyNS0wMy0xMDo1"}}
	for range 200 {
		var p api.StatementPage
		if rnd.IntN(3) > 0 {
			p.NextCursor = pick()
		}
		p.Rows = []api.StatementRow{}
		for range rnd.IntN(5) {
			p.Rows = append(p.Rows, api.StatementRow{
				ID: rnd.Int64() - math.MaxInt64/2, Date: pick(), AccountType: pick(), Operation: pick(),
				PayerName: pick(), PayerBIN: pick(), Period: pick(),
				Amount: money[rnd.IntN(len(money))], BalanceAfter: money[rnd.IntN(len(money))],
			})
		}
		pages = append(pages, p)
	}
	for _, p := range pages {
		want, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := statementPageJSON(p).appendJSON(nil); !bytes.Equal(got, want) {
			t.Fatalf("appendJSON:\n%s\njson.Marshal:\n%s", got, want)
		}
	}
}
