//! Operations on a site: lifecycle changes (revoke, suspend, reinstate), reports, key rotation and
//! `hallmark init`. They run a plan, or a build, and write what editors commit.

pub mod issue;
pub mod keygen;
pub mod lifecycle;
pub mod log;
pub mod reset;
pub mod rotate;
pub mod scaffold;
