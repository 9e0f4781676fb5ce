package v1beta1

import v1 "example.com/api/net/v1"

// PathType is the v1 type under another name.
// +enum
type PathType = v1.PathType

const (
	// PathTypeExact matches exactly, with a longer comment here.
	PathTypeExact PathType = "Exact"
	// PathTypePrefix is new in this package.
	PathTypePrefix PathType = "Prefix"
)

type Rule struct {
	Path PathType `json:"path"`
}
