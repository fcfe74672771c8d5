package app

import (
	"context"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

func TestQuitGuardEndsAHungQuit(t *testing.T) {
	clock := clockwork.NewFakeClock()
	ran := make(chan struct{})
	g := newQuitGuard(clock, quitGrace, func() { close(ran) })
	g.Quitting()
	g.Quitting() // the window closed and a signal came: one quit
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := clock.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(quitGrace - time.Millisecond)
	select {
	case <-ran:
		t.Fatal("the guard ended the process before the grace period")
	default:
	}
	clock.Advance(time.Millisecond)
	select {
	case <-ran:
	case <-ctx.Done():
		t.Fatal("the loop never returned and the guard did not act")
	}
	<-g.done
	if !g.hung {
		t.Error("hung not recorded")
	}
}

func TestQuitGuardLeavesANormalQuit(t *testing.T) {
	for _, name := range []string{"quit then return", "return without quit"} {
		clock := clockwork.NewFakeClock()
		g := newQuitGuard(clock, quitGrace, func() { t.Errorf("%s: the guard acted", name) })
		if name == "quit then return" {
			g.Quitting()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := clock.BlockUntilContext(ctx, 1); err != nil {
				t.Fatal(err)
			}
			cancel()
		}
		g.Returned()
		<-g.done
		clock.Advance(time.Hour)
		if g.hung {
			t.Errorf("%s: recorded as hung", name)
		}
	}
}
