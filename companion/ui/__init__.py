"""Qt adapters: everything here only presents and drives companion.core."""
