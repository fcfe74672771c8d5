// Command kabinet is the Kabinet desktop app: the personal cabinet of a
// pension fund's depositors, on the bundled demo service or a remote one
// (--server https://...).
//
// This is where the bundled service is wired in: package app knows the
// service through kabinet/client only (see ARCHITECTURE.md).
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"

	"github.com/kabinet-kz/kabinet"
	"github.com/kabinet-kz/kabinet/app"
	"github.com/kabinet-kz/kabinet/service"
)

func main() {
	if err := app.Run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr, app.Bundled{Open: openBundled}); err != nil {
		fmt.Fprintln(os.Stderr, "kabinet:", err)
		os.Exit(1)
	}
}

// openBundled opens the demo service inside this process.
func openBundled(ctx context.Context, o app.BundledOptions) (http.Handler, io.Closer, error) {
	svc, err := service.Open(ctx, service.Config{
		DataDir:    o.DataDir,
		Demo:       true,
		Version:    kabinet.Version(),
		Logger:     o.Logger,
		BackOffice: service.BackOfficeConfig{Step: o.BackOfficeStep, Disabled: o.BackOfficeStep <= 0},
	})
	if err != nil {
		return nil, nil, err
	}
	return svc.Handler(), svc, nil
}
