//! Group pool client (typed calls to the pool contract).
