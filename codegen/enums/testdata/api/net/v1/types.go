package v1

import (
	core "example.com/api/core/v1"
	"example.com/elsewhere/meta"
)

// PathType's values are conversions.
// +enum
type PathType string

const (
	// PathTypeExact matches exactly.
	PathTypeExact = PathType("Exact")
	// PathTypeUDP comes from another package's constant.
	PathTypeUDP PathType = PathType(core.ProtocolUDP)
)

type Rule struct {
	meta.TypeMeta `json:",inline"`
	Protocol      *core.Protocol `json:"protocol,omitempty"`
	Path          PathType       `json:"path"`
	Lists         [][]PathType   `json:"lists"`
	Unresolved    meta.Thing     `json:"unresolved"`
}
