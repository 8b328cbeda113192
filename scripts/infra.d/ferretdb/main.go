// Command ferretdb-launcher runs an embedded FerretDB (v1, SQLite backend) on
// loopback for local development and tests. It is built and started by
// scripts/infra; it is not part of any shipped service.
//
// Two modes:
//
//	ferretdb-launcher [-listen-addr 127.0.0.1:27018] [-sqlite-dir DIR] [-sqlite-sync normal] [-log-level info] [-log-file FILE]
//	    serve until SIGINT/SIGTERM.
//	ferretdb-launcher -ping mongodb://127.0.0.1:27018/ [-timeout 2s]
//	    send a MongoDB `ping` command; exit 0 if it answered ok, 1 otherwise.
//
// Every flag can also be given through the environment (flags win):
// FERRETDB_LISTEN_ADDR, FERRETDB_SQLITE_DIR, FERRETDB_SQLITE_SYNC, FERRETDB_LOG_LEVEL, FERRETDB_LOG_FILE.
//
// -sqlite-sync is SQLite's synchronous setting for every database file. The default, normal, does not flush the
// write-ahead log to disk at every commit (only at checkpoints): a commit survives the server process being killed,
// but not the machine losing power. That suits local development and tests, and removes a disk flush from every
// write. full flushes at every commit (FerretDB's own default).
//
// Telemetry: the embeddable package never creates FerretDB's telemetry
// reporter (only cmd/ferretdb does) and additionally marks telemetry as
// disabled+locked in its in-memory state, so nothing here talks to the
// internet. FERRETDB_TELEMETRY / DO_NOT_TRACK are set anyway for belt and braces.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func main() {
	listenAddr := flag.String("listen-addr", envOr("FERRETDB_LISTEN_ADDR", "127.0.0.1:27018"), "TCP listen address (env FERRETDB_LISTEN_ADDR)")
	sqliteDir := flag.String("sqlite-dir", envOr("FERRETDB_SQLITE_DIR", "data"), "directory for SQLite database files (env FERRETDB_SQLITE_DIR)")
	sqliteSync := flag.String("sqlite-sync", envOr("FERRETDB_SQLITE_SYNC", "normal"), "SQLite synchronous setting: normal or full (env FERRETDB_SQLITE_SYNC)")
	logLevel := flag.String("log-level", envOr("FERRETDB_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env FERRETDB_LOG_LEVEL)")
	logFile := flag.String("log-file", envOr("FERRETDB_LOG_FILE", ""), "append logs to this file instead of stderr (env FERRETDB_LOG_FILE)")
	pingURL := flag.String("ping", "", "ping this MongoDB URL and exit 0 (ok) or 1 (failure) instead of serving")
	timeout := flag.Duration("timeout", 3*time.Second, "timeout for -ping")
	flag.Parse()

	if *pingURL != "" {
		if err := ping(*pingURL, *timeout); err != nil {
			fmt.Fprintf(os.Stderr, "ping %s: %v\n", *pingURL, err)
			os.Exit(1)
		}
		fmt.Println("ok")
		return
	}

	if *sqliteSync != "normal" && *sqliteSync != "full" {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: -sqlite-sync: expected normal or full, got %q\n", *sqliteSync)
		os.Exit(2)
	}
	if err := serve(*listenAddr, *sqliteDir, *sqliteSync, *logLevel, *logFile); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}
}

func ping(url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	opts := options.Client().
		ApplyURI(url).
		SetServerSelectionTimeout(timeout).
		SetConnectTimeout(timeout)

	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background()) //nolint:errcheck // best effort

	var res bson.M
	if err := client.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Decode(&res); err != nil {
		return err
	}
	if ok, _ := res["ok"].(float64); ok != 1 {
		return fmt.Errorf("unexpected reply %v", res)
	}
	return nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(strings.ToUpper(strings.TrimSpace(s))))
	return l, err
}

func serve(listenAddr, sqliteDir, sqliteSync, logLevel, logFile string) error {
	// Telemetry is off in the embedded API regardless; keep these for any code path that reads them.
	os.Setenv("FERRETDB_TELEMETRY", "disable")
	os.Setenv("DO_NOT_TRACK", "1")

	level, err := parseLevel(logLevel)
	if err != nil {
		return fmt.Errorf("bad -log-level %q: %w", logLevel, err)
	}

	var out io.Writer = os.Stderr
	if logFile != "" {
		if err := os.MkdirAll(filepath.Dir(logFile), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		out = f
	}
	logger := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	dir, err := filepath.Abs(sqliteDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: listenAddr},
		Logger:   logger,
		Handler:  "sqlite",
		// FerretDB wants a directory URI ending with a slash; it adds its own pragmas (busy timeout, WAL) to these.
		SQLiteURL: "file:" + dir + "/?_pragma=synchronous(" + sqliteSync + ")",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	logger.Info("ferretdb-launcher starting", "listen", listenAddr, "sqlite_dir", dir, "sqlite_sync", sqliteSync, "pid", os.Getpid())

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// Run() blocks until ctx is cancelled; log the URI once the listener is up.
	go func() {
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
			logger.Info("ferretdb-launcher listening", "uri", f.MongoDBURI())
		}
	}()

	err = <-done
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	logger.Info("ferretdb-launcher stopped")
	return nil
}
