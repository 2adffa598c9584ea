package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wpharvest/wpharvest/harvester"
)

// Store faults: every open or write that cannot succeed fails with an
// error that says what is wrong, and never overwrites what the file holds.

// filledDB writes a database of n posts to a new file, closes it and
// returns its path and contents.
func filledDB(t *testing.T, dir string, n int) (string, []byte) {
	t.Helper()
	path := filepath.Join(dir, "full.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i += 50 {
		var posts []harvester.Post
		for id := i + 1; id <= min(i+50, n); id++ {
			posts = append(posts, mkPost(int64(id), fmt.Sprintf("https://news.example/?p=%d", id), t0, 2000))
		}
		if _, err := db.SavePage("news", posts, harvester.SiteState{APIRoot: "https://news.example/wp-json/"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

// exportAll exports every record of db, raw included.
func exportAll(t *testing.T, db *DB) string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Export(context.Background(), &buf, ExportOptions{Raw: true, Versions: true, IncludeDeleted: true}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestStoreFaultNotBbolt(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string][]byte{
		"empty-ish.db": []byte("x"),
		"text.db":      []byte(strings.Repeat("export line, not a database\n", 2000)),
		"json.db":      []byte(`{"site":"news","guid":"g","id":1}` + "\n"),
		"zeros.db":     make([]byte, 64<<10),
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{false, true} {
			db, err := Open(path, Options{ReadOnly: ro, Timeout: 200 * time.Millisecond})
			if err == nil {
				db.Close()
				t.Fatalf("%s (read-only %v) opened", name, ro)
			}
			if !errors.Is(err, ErrNotDatabase) || !strings.Contains(err.Error(), "open db "+path+": not a wpharvest database") {
				t.Fatalf("%s (read-only %v): %v", name, ro, err)
			}
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, content) {
			t.Fatalf("%s was modified by Open", name)
		}
	}
}

func TestStoreFaultTruncated(t *testing.T) {
	dir := t.TempDir()
	path, full := filledDB(t, dir, 300)
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	want := exportAll(t, db)
	db.Close()
	pageSize := os.Getpagesize()
	for _, size := range []int{0, 100, pageSize, 2*pageSize - 1, 2 * pageSize, 4 * pageSize, len(full) / 2, len(full) - pageSize} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			cut := filepath.Join(t.TempDir(), "cut.db")
			if err := os.WriteFile(cut, full[:size], 0o600); err != nil {
				t.Fatal(err)
			}
			db, err := Open(cut, Options{Timeout: 200 * time.Millisecond})
			switch {
			case size == 0 && err == nil:
				// An empty file is a new database (bbolt initialises it).
				db.Close()
				return
			case err == nil:
				// Only the unused tail bbolt had grown the file by was cut.
				got := exportAll(t, db)
				db.Close()
				if got != want {
					t.Fatalf("a db truncated to %d of %d bytes opened with other contents", size, len(full))
				}
				return
			case !errors.Is(err, ErrNotDatabase) || !strings.Contains(err.Error(), "not a wpharvest database"):
				t.Fatalf("truncated to %d bytes: %v", size, err)
			}
			if got, _ := os.ReadFile(cut); !bytes.Equal(got, full[:size]) {
				t.Fatalf("the truncated file was modified by Open")
			}
		})
	}
}

// TestStoreFaultLockedByAnotherProcess holds the db in a second process
// (this test binary, re-executed) and opens it here.
func TestStoreFaultLockedByAnotherProcess(t *testing.T) {
	if path := os.Getenv("WPHARVEST_HOLD_DB"); path != "" {
		holdDB(path)
		return
	}
	path, _ := filledDB(t, t.TempDir(), 10)
	cmd := exec.Command(os.Args[0], "-test.run=^TestStoreFaultLockedByAnotherProcess$")
	cmd.Env = append(os.Environ(), "WPHARVEST_HOLD_DB="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("the holder said %q, %v", line, err)
	}
	for _, ro := range []bool{false, true} {
		db, err := Open(path, Options{ReadOnly: ro, Timeout: 150 * time.Millisecond})
		if err == nil {
			db.Close()
			t.Fatalf("read-only %v: opened a db another process holds", ro)
		}
		want := "open db " + path + ": database is locked by another process (a running daemon?)"
		if !errors.Is(err, ErrLocked) || err.Error() != want {
			t.Fatalf("read-only %v: %v", ro, err)
		}
	}
	// Once the holder exits, the db opens with its data.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("holder: %v", err)
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := strings.Count(exportAll(t, db), "\n"); n != 10 {
		t.Fatalf("%d posts after the holder exited", n)
	}
}

// holdDB is the second process: it opens the db, says so, and holds it
// until its stdin closes.
func holdDB(path string) {
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("holding")
	_, _ = io.Copy(io.Discard, os.Stdin)
	db.Close()
	os.Exit(0)
}

// tryMount runs mount(8) with args; it reports whether it worked.
func tryMount(t *testing.T, args ...string) bool {
	t.Helper()
	out, err := exec.Command("mount", args...).CombinedOutput()
	if err != nil {
		t.Logf("mount %s: %v %s (falling back to an injected error)", strings.Join(args, " "), err, out)
		return false
	}
	return true
}

func unmount(t *testing.T, dir string) {
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
}

func TestStoreFaultReadOnlyDirectory(t *testing.T) {
	src := t.TempDir()
	path, full := filledDB(t, src, 20)
	ro := t.TempDir()
	if tryMount(t, "--bind", src, ro) {
		unmount(t, ro)
		if !tryMount(t, "-o", "remount,ro,bind", ro) {
			t.Fatal("bind mount worked but a read-only remount did not")
		}
		// A new database cannot be created there.
		newPath := filepath.Join(ro, "new.db")
		_, err := Open(newPath, Options{})
		if !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), "open db "+newPath) {
			t.Fatalf("new db in a read-only directory: %v", err)
		}
		// An existing one cannot be opened for writing, but opens
		// read-only and exports (export and status work from backups).
		roPath := filepath.Join(ro, filepath.Base(path))
		_, err = Open(roPath, Options{})
		if !errors.Is(err, syscall.EROFS) {
			t.Fatalf("read-write open on a read-only mount: %v", err)
		}
		db, err := Open(roPath, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("read-only open on a read-only mount: %v", err)
		}
		defer db.Close()
		if n := strings.Count(exportAll(t, db), "\n"); n != 20 {
			t.Fatalf("%d posts exported", n)
		}
		if _, err := db.SavePage("news", nil, harvester.SiteState{}); err == nil {
			t.Fatal("SavePage on a read-only db succeeded")
		}
	} else {
		// Injected: what the OS answers for a read-only file system.
		perm := &fs.PathError{Op: "open", Path: path, Err: syscall.EROFS}
		if err := openError(path, false, perm); !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), "read-only file system") {
			t.Fatalf("injected EROFS: %v", err)
		}
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, full) {
		t.Fatal("the database file changed")
	}
}

func TestStoreFaultDiskFull(t *testing.T) {
	dir := t.TempDir()
	mounted := tryMount(t, "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir)
	if mounted {
		unmount(t, dir)
	}
	path := filepath.Join(dir, "full.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			db.Close()
		}
	}()
	var target Store = db
	if !mounted {
		target = &fullDisk{DB: db, after: 10}
	}
	saved := 0
	var saveErr error
	for page := 0; page < 400 && saveErr == nil; page++ {
		var posts []harvester.Post
		for i := range 10 {
			id := int64(page*10 + i + 1)
			posts = append(posts, mkPost(id, fmt.Sprintf("https://news.example/?p=%d", id), t0, 3000))
		}
		st := harvester.SiteState{Backfill: harvester.BackfillCursor{Page: page + 1}}
		if _, saveErr = target.SavePage("news", posts, st); saveErr == nil {
			saved = page + 1
		}
	}
	if saveErr == nil {
		t.Fatal("the disk never filled up")
	}
	if !errors.Is(saveErr, syscall.ENOSPC) || !strings.Contains(saveErr.Error(), `save page of site "news"`) {
		t.Fatalf("disk full: %v", saveErr)
	}
	t.Logf("disk full after %d pages (mounted tmpfs: %v): %v", saved, mounted, saveErr)
	check := func(db *DB) {
		t.Helper()
		st, err := db.SiteState("news")
		if err != nil {
			t.Fatal(err)
		}
		if st.Backfill.Page != saved {
			t.Fatalf("cursor at page %d, want %d (the last committed page)", st.Backfill.Page, saved)
		}
		if n := strings.Count(exportAll(t, db), "\n"); n != saved*10 {
			t.Fatalf("%d posts, want %d", n, saved*10)
		}
	}
	check(db)
	closed = true
	if err := db.Close(); err != nil {
		t.Fatalf("close after disk full: %v", err)
	}
	db2, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reopen after disk full: %v", err)
	}
	defer db2.Close()
	check(db2)
}

// Store is what TestStoreFaultDiskFull writes through.
type Store interface {
	SavePage(site string, posts []harvester.Post, state harvester.SiteState) (harvester.PageStats, error)
}

// fullDisk fails SavePage with ENOSPC after a number of pages, as the store
// would report it, without writing.
type fullDisk struct {
	*DB
	after int
}

func (f *fullDisk) SavePage(site string, posts []harvester.Post, st harvester.SiteState) (harvester.PageStats, error) {
	if f.after--; f.after < 0 {
		return harvester.PageStats{}, fmt.Errorf("save page of site %q: write %s: %w", site, f.path, syscall.ENOSPC)
	}
	return f.DB.SavePage(site, posts, st)
}
