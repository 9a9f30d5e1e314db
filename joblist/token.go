package joblist

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/jobscope/jobscope/schedule"
	"github.com/jobscope/jobscope/status"
)

// pageMark is the position a token encodes: the sort value and jobId of
// the last job of the page before.
type pageMark struct {
	str   string    // sort value of a string attribute
	at    time.Time // sort value of createdAt
	jobID string
}

func markOf(j JobSummary, attr ListJobsSortAttributeName) pageMark {
	m := pageMark{jobID: j.JobID}
	switch attr {
	case SortCreatedAt:
		m.at = j.CreatedAt
	case SortName:
		m.str = j.Name
	case SortJobStatus:
		m.str = string(j.JobStatus)
	case SortJobType:
		m.str = string(j.JobType)
	}
	return m
}

func (m *pageMark) summary(attr ListJobsSortAttributeName) JobSummary {
	j := JobSummary{JobID: m.jobID, CreatedAt: m.at}
	switch attr {
	case SortName:
		j.Name = m.str
	case SortJobStatus:
		j.JobStatus = status.JobStatus(m.str)
	case SortJobType:
		j.JobType = schedule.JobType(m.str)
	}
	return j
}

const (
	tokenVersion = 1
	tokenMACSize = 16
	maxTokenSize = 16 << 10
)

// Token layout before base64url: version (1 byte), criteria digest (16),
// createdAt seconds (8, big endian) and nanoseconds (4), the string sort
// value and the jobId (each a uvarint length and bytes), then a truncated
// HMAC-SHA256 of everything before it under the store's key.
func (s *Store) sealToken(digest [16]byte, m pageMark) string {
	b := []byte{tokenVersion}
	b = append(b, digest[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(m.at.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(m.at.Nanosecond()))
	b = binary.AppendUvarint(b, uint64(len(m.str)))
	b = append(b, m.str...)
	b = binary.AppendUvarint(b, uint64(len(m.jobID)))
	b = append(b, m.jobID...)
	b = append(b, s.mac(b)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Store) mac(b []byte) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write(b)
	return h.Sum(nil)[:tokenMACSize]
}

// tokenError is why a token is refused.
type tokenError string

func (e tokenError) Error() string { return string(e) }

func (s *Store) openToken(tok string, digest [16]byte) (*pageMark, error) {
	const bad = tokenError("nextToken is not a token this job store issued, or it was modified; start again without nextToken")
	if len(tok) > maxTokenSize {
		return nil, bad
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) < 1+16+12+2+tokenMACSize {
		return nil, bad
	}
	// The decoder ignores newlines and the unused bits of the last
	// character: a token spelled otherwise than as issued was modified.
	if base64.RawURLEncoding.EncodeToString(b) != tok {
		return nil, bad
	}
	body, sum := b[:len(b)-tokenMACSize], b[len(b)-tokenMACSize:]
	if !hmac.Equal(sum, s.mac(body)) || body[0] != tokenVersion {
		return nil, bad
	}
	if !bytes.Equal(body[1:17], digest[:]) {
		return nil, tokenError("nextToken was issued for other filterCriteria or sortCriteria; send the same criteria as for the first page")
	}
	rest := body[17:]
	sec := int64(binary.BigEndian.Uint64(rest))
	nsec := int64(binary.BigEndian.Uint32(rest[8:]))
	rest = rest[12:]
	str, rest, ok := readString(rest)
	if !ok {
		return nil, bad
	}
	id, rest, ok := readString(rest)
	if !ok || len(rest) != 0 || nsec >= 1e9 {
		return nil, bad
	}
	return &pageMark{str: str, at: time.Unix(sec, nsec).UTC(), jobID: id}, nil
}

func readString(b []byte) (string, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}
