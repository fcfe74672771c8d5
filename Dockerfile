# kabinetd in a container (docs/OPERATIONS.md, "Containers"): a static
# binary (CGO_ENABLED=0: the SQLite driver is modernc's, pure Go) on an
# empty image, run as an unprivileged user. No HEALTHCHECK: the image has
# no shell or curl; let the orchestrator or the load balancer probe
# GET /readyz. scripts/deploy-check.sh (make test) runs the build command
# below and checks the binary is static and the user is not root;
# scripts/container-check.sh (make container-check) builds this file with
# podman and runs the image.
#
#   docker build -t kabinetd .
#   docker run -p 8080:8080 -v kabinet-data:/data kabinetd --demo

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/kabinetd ./cmd/kabinetd
# The user of the image (no shell, no home beyond /data) and its data
# directory, owned by it.
RUN mkdir -p /out/data && \
    echo 'kabinetd:x:10001:10001:kabinetd:/data:/sbin/nologin' >/out/passwd && \
    echo 'kabinetd:x:10001:' >/out/group

FROM scratch
COPY --from=build /out/passwd /etc/passwd
COPY --from=build /out/group /etc/group
# CA certificates for SMTP, the SMS gateway and CRL downloads over HTTPS
# (time zones are built into the binary: time/tzdata).
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build --chown=10001:10001 /out/data /data
COPY --from=build /out/kabinetd /usr/local/bin/kabinetd
USER 10001:10001
ENV KABINETD_LISTEN=0.0.0.0:8080 \
    KABINETD_DATA_DIR=/data
EXPOSE 8080
VOLUME /data
ENTRYPOINT ["/usr/local/bin/kabinetd"]
