// Command checker verifies a hallmark site's public log with Go's own transparency-log code
// (golang.org/x/mod/sumdb/tlog and sumdb/note), independently of hallmark:
//
//	checker -site PUBLIC_DIR [-old SAVED_CHECKPOINT] [-proofs N]
//
// It reads the log's verifier key from the site's did.json, verifies log/checkpoint with it,
// recomputes every entry hash from the entry bundles and every tile from those hashes and compares
// them byte for byte with the published tiles (every partial tile too), checks N random inclusion
// proofs and every c/<id>/log.tlog-proof, and, given a checkpoint saved earlier, proves that the
// log now is consistent with it. Any failure exits 1.
//
// x/mod names tiles tile/8/<L>/... and entry bundles tile/8/data/...; tlog-tiles names them
// tile/<L>/... and tile/entries/...: the paths are mapped both ways.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

var failures int

func fail(format string, args ...interface{}) {
	failures++
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
}

// vkeyFromDID finds the log's verifier key in the site's DID document.
func vkeyFromDID(site string) (string, error) {
	var doc struct {
		Service []map[string]interface{} `json:"service"`
	}
	data, err := os.ReadFile(filepath.Join(site, "did.json"))
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", err
	}
	for _, s := range doc.Service {
		if v, ok := s["vkey"].(string); ok {
			return v, nil
		}
	}
	return "", errors.New("did.json names no log verifier key")
}

type head struct {
	size int64
	root tlog.Hash
}

// openCheckpoint verifies a checkpoint note with v and reads its origin, size and root.
func openCheckpoint(msg []byte, v note.Verifier) (head, error) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return head{}, err
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 || lines[0] != v.Name() {
		return head{}, fmt.Errorf("not a checkpoint of %s", v.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return head{}, err
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return head{}, errors.New("bad root hash")
	}
	var h head
	h.size = size
	copy(h.root[:], raw)
	return h, nil
}

// readEntries reads the entries of the first size leaves from the entry bundles.
func readEntries(logDir string, size int64) ([][]byte, error) {
	var entries [][]byte
	for n := int64(0); int64(len(entries)) < size; n++ {
		w := size - n*256
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: height, L: -1, N: n, W: int(w)}
		data, err := os.ReadFile(filepath.Join(logDir, ourPath(t)))
		if err != nil {
			return nil, err
		}
		for len(data) > 0 {
			if len(data) < 2 {
				return nil, errors.New("a bundle ends inside a length")
			}
			l := int(binary.BigEndian.Uint16(data))
			if len(data) < 2+l {
				return nil, errors.New("a bundle ends inside an entry")
			}
			entries = append(entries, data[2:2+l])
			data = data[2+l:]
		}
	}
	if int64(len(entries)) != size {
		return nil, fmt.Errorf("the bundles hold %d entries, the checkpoint says %d", len(entries), size)
	}
	return entries, nil
}

// ourPath maps an x/mod tile to its tlog-tiles path.
func ourPath(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), "tile/8/")
	if strings.HasPrefix(p, "data/") {
		return "tile/entries/" + strings.TrimPrefix(p, "data/")
	}
	return "tile/" + p
}

// theirPath maps a tlog-tiles path to x/mod's.
func theirPath(p string) string {
	rest := strings.TrimPrefix(p, "tile/")
	if strings.HasPrefix(rest, "entries/") {
		return "tile/8/data/" + strings.TrimPrefix(rest, "entries/")
	}
	return "tile/8/" + rest
}

func main() {
	site := flag.String("site", "", "the built site (its public directory)")
	old := flag.String("old", "", "a checkpoint saved earlier, to prove consistency from")
	proofs := flag.Int("proofs", 100, "random inclusion proofs to check")
	flag.Parse()
	vkey, err := vkeyFromDID(*site)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: the vkey:", err)
		os.Exit(1)
	}
	logDir := filepath.Join(*site, "log")
	msg, err := os.ReadFile(filepath.Join(logDir, "checkpoint"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	cp, err := openCheckpoint(msg, v)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: log/checkpoint:", err)
		os.Exit(1)
	}
	entries, err := readEntries(logDir, cp.size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	// Every stored hash, recomputed from the entries.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			if x >= int64(len(stored)) {
				return nil, fmt.Errorf("no stored hash %d", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e, reader)
		if err != nil {
			fmt.Fprintln(os.Stderr, "FAIL:", err)
			os.Exit(1)
		}
		stored = append(stored, hs...)
	}
	root, err := tlog.TreeHash(cp.size, reader)
	if err != nil || root != cp.root {
		fail("the entries' tree hash %v is not the checkpoint's %v", root, cp.root)
	}
	checkTiles(logDir, cp.size, entries, reader)
	r := rand.New(rand.NewSource(1))
	for k := 0; k < *proofs && cp.size > 0; k++ {
		i := r.Int63n(cp.size)
		p, err := tlog.ProveRecord(cp.size, i, reader)
		if err == nil {
			err = tlog.CheckRecord(p, cp.size, cp.root, i, tlog.RecordHash(entries[i]))
		}
		if err != nil {
			fail("inclusion proof of entry %d: %v", i, err)
		}
	}
	n := checkProofFiles(*site, v, entries, reader)
	if *old != "" {
		checkConsistency(*old, v, cp, reader)
	}
	if failures > 0 {
		fmt.Fprintf(os.Stderr, "%d failures\n", failures)
		os.Exit(1)
	}
	fmt.Printf("ok: %s size %d, %d entries hashed, tiles identical, %d random inclusion proofs, %d .tlog-proof files\n", v.Name(), cp.size, len(entries), *proofs, n)
}

// checkTiles compares every tile the log needs (the widest partial of each) and every tile file
// published, partial ones of older checkpoints too, with the tiles computed from the entries.
func checkTiles(logDir string, size int64, entries [][]byte, r tlog.HashReader) {
	widest := map[[3]int64]tlog.Tile{}
	for _, t := range tlog.NewTiles(height, 0, size) {
		k := [3]int64{int64(t.L), t.N, 0}
		if w, ok := widest[k]; !ok || t.W > w.W {
			widest[k] = t
		}
	}
	for _, t := range widest {
		want, err := tlog.ReadTileData(t, r)
		got, rerr := os.ReadFile(filepath.Join(logDir, ourPath(t)))
		if err != nil || rerr != nil || !bytes.Equal(want, got) {
			fail("tile %s differs from the one computed from the entries (%v %v)", ourPath(t), err, rerr)
		}
	}
	filepath.Walk(filepath.Join(logDir, "tile"), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(logDir, path)
		t, perr := tlog.ParseTilePath(theirPath(filepath.ToSlash(rel)))
		got, _ := os.ReadFile(path)
		var want []byte
		switch {
		case perr != nil:
			fail("%s is not a tile path", rel)
			return nil
		case t.L == -1:
			start := t.N * 256
			if start+int64(t.W) > int64(len(entries)) {
				fail("%s reaches past the log", rel)
				return nil
			}
			for _, e := range entries[start : start+int64(t.W)] {
				want = binary.BigEndian.AppendUint16(want, uint16(len(e)))
				want = append(want, e...)
			}
		default:
			want, err = tlog.ReadTileData(t, r)
			if err != nil {
				fail("%s: %v", rel, err)
				return nil
			}
		}
		if !bytes.Equal(want, got) {
			fail("%s differs from the tile computed from the entries", rel)
		}
		return nil
	})
}

// checkProofFiles checks every c/<id>/log.tlog-proof: its checkpoint's signature, its entry (the
// extra line) against the log, and its inclusion proof.
func checkProofFiles(site string, v note.Verifier, entries [][]byte, r tlog.HashReader) int {
	files, _ := filepath.Glob(filepath.Join(site, "c", "*", "log.tlog-proof"))
	for _, f := range files {
		if err := checkProofFile(f, v, entries); err != nil {
			fail("%s: %v", f, err)
		}
	}
	return len(files)
}

func checkProofFile(path string, v note.Verifier, entries [][]byte) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	parts := strings.SplitN(string(data), "\n\n", 2)
	if len(parts) != 2 {
		return errors.New("no checkpoint")
	}
	lines := strings.Split(parts[0], "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" || len(lines) < 3 || !strings.HasPrefix(lines[1], "extra ") {
		return errors.New("not a tlog-proof with an extra line")
	}
	extra, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[1], "extra "))
	if err != nil {
		return err
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[2], "index "), 10, 64)
	if err != nil {
		return err
	}
	var proof tlog.RecordProof
	for _, l := range lines[3:] {
		h, err := tlog.ParseHash(l)
		if err != nil {
			return err
		}
		proof = append(proof, h)
	}
	cp, err := openCheckpoint([]byte(parts[1]), v)
	if err != nil {
		return err
	}
	if index >= int64(len(entries)) || !bytes.Equal(entries[index], extra) {
		return fmt.Errorf("entry %d is not the log's", index)
	}
	return tlog.CheckRecord(proof, cp.size, cp.root, index, tlog.RecordHash(extra))
}

// checkConsistency proves that the log now extends the checkpoint saved at path.
func checkConsistency(path string, v note.Verifier, now head, r tlog.HashReader) {
	msg, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
		return
	}
	old, err := openCheckpoint(msg, v)
	if err != nil {
		fail("the saved checkpoint: %v", err)
		return
	}
	if old.size > now.size {
		fail("the log shrank from %d to %d", old.size, now.size)
		return
	}
	p, err := tlog.ProveTree(now.size, old.size, r)
	if err == nil {
		err = tlog.CheckTree(p, now.size, now.root, old.size, old.root)
	}
	if err != nil {
		fail("the log of size %d is not consistent with the saved checkpoint of size %d: %v", now.size, old.size, err)
		return
	}
	fmt.Printf("consistent with the saved checkpoint of size %d\n", old.size)
}
