package client_test

import (
	"context"
	"testing"

	"github.com/kabinet-kz/kabinet/api"
	"github.com/kabinet-kz/kabinet/client"
)

func TestEventsAgainstService(t *testing.T) {
	both(t, func(t *testing.T, c *client.Client) {
		ctx := context.Background()
		if _, err := c.Events(ctx, 10); !client.IsCode(err, api.CodeUnauthorized) {
			t.Fatalf("events without login: %v", err)
		}
		if _, err := c.Login(ctx, "880415300157", "wrong-password-1"); !client.IsCode(err, api.CodeInvalidCredentials) {
			t.Fatalf("login with a wrong password: %v", err)
		}
		if _, err := c.Login(ctx, "880415300157", "kabinet-demo-2026"); err != nil {
			t.Fatal(err)
		}
		got, err := c.Events(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Events) != 2 || got.Events[0].Kind != "login_ok" || got.Events[1].Kind != "login_failed" {
			t.Fatalf("events = %+v, want login_ok then login_failed", got.Events)
		}
		if ev := got.Events[0]; ev.At.IsZero() || ev.Client == "" || ev.Detail != "password" {
			t.Errorf("sign-in = %+v", ev)
		}
		all, err := c.Events(ctx, 0)
		if err != nil || len(all.Events) < 2 {
			t.Fatalf("events with the default limit: %+v, %v", all, err)
		}
		if _, err := c.Events(ctx, 1000); !client.IsCode(err, api.CodeBadRequest) {
			t.Errorf("limit 1000: %v", err)
		}
		if err := c.Logout(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
