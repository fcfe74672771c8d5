package client_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
)

func TestDPVAgainstService(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		if _, err := c.DPVOrders(ctx); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("orders without login: %v", err)
		}
		if _, err := c.Login(ctx, "880415300157", "kabinet-demo-2026"); err != nil {
			t.Fatal(err)
		}
		now := time.Now().In(time.FixedZone("UTC+5", 5*3600))
		period := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
		req := api.DPVOrderRequest{Amount: 2_500_000, Period: period}
		key := "client-test-" + t.Name()
		o, err := c.DPVOrder(ctx, req, key)
		if err != nil || o.Status != api.DPVOrderPaid || o.Receipt == "" || o.Amount != req.Amount {
			t.Fatalf("order %+v %v", o, err)
		}
		again, err := c.DPVOrder(ctx, req, key)
		if err != nil || again.ID != o.ID {
			t.Errorf("retry %+v %v, want %s", again, err, o.ID)
		}
		req.Amount++
		if _, err := c.DPVOrder(ctx, req, key); !client.IsCode(err, api.CodeIdempotencyKey) {
			t.Errorf("key with another body: %v", err)
		}
		req.Amount = 0
		_, err = c.DPVOrder(ctx, req, "")
		if p, ok := client.ProblemOf(err); !ok || p.Code != api.CodeValidation || p.Field != "amount" {
			t.Errorf("zero amount: %v %+v", err, p)
		}
		list, err := c.DPVOrders(ctx)
		if err != nil || len(list.Orders) == 0 || list.Orders[0].ID != o.ID {
			t.Fatalf("orders %+v %v", list, err)
		}
		pdf, err := c.DPVReceipt(ctx, o.ID, "")
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("receipt %d bytes, %v", len(pdf), err)
		}
		// The language asked for is the document's (the catalog's /Lang).
		if en, err := c.DPVReceipt(ctx, o.ID, "en"); err != nil || !bytes.Contains(en, []byte("/Lang (en)")) || !bytes.Contains(pdf, []byte("/Lang (ru)")) {
			t.Errorf("receipt in English: %v", err)
		}
		if _, err := c.DPVReceipt(ctx, "nope", ""); !client.IsCode(err, api.CodeNotFound) {
			t.Errorf("unknown receipt: %v", err)
		}
	})
}
