// Command s3server is the local S3 server of the benchmark report's
// storage task: gofakes3 in memory on 127.0.0.1, in a process of its own,
// so that the report's timing of pixtool over s3:// is not also the
// report's own process serving it. It prints its address on the first line
// of stdout and serves until stdin closes or it is killed.
//
//	s3server -photo photo.jpg -objects 16
//
// makes the buckets "photos" (the photo as 000.jpg, 001.jpg, ...) and
// "flipped" (empty). Paths under /_pixview/ (no S3 bucket name has an
// underscore) let the report reset and probe it without an S3 client:
// POST /_pixview/empty/BUCKET empties a bucket, PUT /_pixview/put/BUCKET/KEY
// stores the body (creating the bucket), HEAD /_pixview/has/BUCKET/KEY
// answers 200 or 404.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	photo := flag.String("photo", "", "the object's content `FILE`")
	objects := flag.Int("objects", 0, "how many copies of the photo to put in the bucket photos")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("s3server: ")
	backend := s3mem.New()
	for _, b := range []string{"photos", "flipped"} {
		if err := backend.CreateBucket(b); err != nil {
			log.Fatal(err)
		}
	}
	if *objects > 0 {
		data, err := os.ReadFile(*photo)
		if err != nil {
			log.Fatal(err)
		}
		for i := range *objects {
			name := fmt.Sprintf("%03d.jpg", i)
			if _, err := backend.PutObject("photos", name, map[string]string{"Content-Type": "image/jpeg"}, bytes.NewReader(data), int64(len(data)), nil); err != nil {
				log.Fatal(err)
			}
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	s3 := gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog())).Server()
	mux := http.NewServeMux()
	mux.Handle("/", s3)
	mux.HandleFunc("POST /_pixview/empty/{bucket}", func(w http.ResponseWriter, r *http.Request) {
		b := r.PathValue("bucket")
		if err := backend.ForceDeleteBucket(b); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if err := backend.CreateBucket(b); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("PUT /_pixview/put/{bucket}/{key...}", func(w http.ResponseWriter, r *http.Request) {
		b, key := r.PathValue("bucket"), r.PathValue("key")
		data, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if ok, _ := backend.BucketExists(b); !ok {
			if err := backend.CreateBucket(b); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
		}
		if _, err := backend.PutObject(b, key, nil, bytes.NewReader(data), int64(len(data)), nil); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	mux.HandleFunc("HEAD /_pixview/has/{bucket}/{key...}", func(w http.ResponseWriter, r *http.Request) {
		if _, err := backend.HeadObject(r.PathValue("bucket"), r.PathValue("key")); err != nil {
			w.WriteHeader(http.StatusNotFound)
		}
	})
	fmt.Println(l.Addr().String())
	go func() {
		io.Copy(io.Discard, os.Stdin) // the report closes stdin when done
		os.Exit(0)
	}()
	if err := http.Serve(l, mux); err != nil && !strings.Contains(err.Error(), "closed") {
		log.Fatal(err)
	}
}
