"""Layout-independent pieces shared by the legacy and modern pipelines."""
