package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// advert is what a running daemon writes next to its database so that
// `export` and `status` can reach it while it holds the file's lock.
type advert struct {
	PID     int       `json:"pid"`
	Addr    string    `json:"addr"`
	DB      string    `json:"db"`
	Started time.Time `json:"started"`
}

// advertPath is where the daemon of db advertises itself.
func advertPath(db string) string { return db + ".daemon" }

func writeAdvert(db, addr string) error {
	b, err := json.Marshal(advert{PID: os.Getpid(), Addr: addr, DB: db, Started: time.Now().UTC()})
	if err != nil {
		return err
	}
	tmp := advertPath(db) + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("advertise the daemon: %w", err)
	}
	if err := os.Rename(tmp, advertPath(db)); err != nil {
		return fmt.Errorf("advertise the daemon: %w", err)
	}
	return nil
}

// readAdvert returns the advert of a live daemon of db.
func readAdvert(db string) (advert, bool) {
	b, err := os.ReadFile(advertPath(db))
	if err != nil {
		return advert{}, false
	}
	var a advert
	if json.Unmarshal(b, &a) != nil || a.Addr == "" || !processAlive(a.PID) {
		return advert{}, false
	}
	return a, true
}

func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// lockHolder finds the process holding a lock on path through /proc/locks
// (Linux); ok is false when it cannot tell.
func lockHolder(path string) (pid int, ok bool) {
	var st syscall.Stat_t
	if syscall.Stat(path, &st) != nil {
		return 0, false
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	// e.g. "1: FLOCK  ADVISORY  WRITE 12345 fd:01:2883 0 EOF"
	want := fmt.Sprintf(":%d", st.Ino)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || fields[1] != "FLOCK" {
			continue
		}
		if !strings.HasSuffix(fields[5], want) {
			continue
		}
		if p, err := strconv.Atoi(fields[4]); err == nil {
			return p, true
		}
	}
	return 0, false
}
