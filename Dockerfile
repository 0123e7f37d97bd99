# archcheck's container image: a build stage with the Rust toolchain, and a
# distroless runtime stage (no shell, no package manager) that runs as the
# distroless `nonroot` user. The policy library and the built-in
# architecture are compiled into the binary; the shipped architecture files
# are copied to /usr/share/archcheck/architectures for --architecture.
#
# docker build -t archcheck:0.1.0 .
# docker run --rm archcheck:0.1.0 rules
#
# Not built in this project's CI (no container engine there): see
# docs/packaging.md.

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin archcheck

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=build /src/target/release/archcheck /usr/local/bin/archcheck
COPY --from=build /src/architectures /usr/share/archcheck/architectures
# 65532 is distroless's `nonroot`; numeric so that runAsNonRoot can verify it.
USER 65532:65532
WORKDIR /reports
ENTRYPOINT ["/usr/local/bin/archcheck"]
CMD ["--help"]
