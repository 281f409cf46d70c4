#!/usr/bin/env bash
# Builds the Debian package target/deb/mtasts_VERSION_ARCH.deb from the Maven build: the jar,
# a Java runtime jlinked from the JDK that scripts/find-jdk.sh selects (so Debian needs no JDK),
# /usr/bin/mtasts, the systemd units and maintainer scripts of packaging/debian/.
#
#   packaging/build-deb.sh [--jar FILE]    (default: builds app/target/mtasts.jar with Maven)
#
# Needs fakeroot and dpkg-dev (jpackage runs dpkg-deb and dpkg-shlibdeps). The package's
# compression is dpkg-deb's default (xz); DPKG_DEB_COMPRESSOR_TYPE/_LEVEL change it.
# MTASTS_DEB_MAINTAINER sets the Maintainer address; MTASTS_JPACKAGE_VERBOSE=1 shows jpackage's steps.
# Prints the path of the package on its last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
debian="$here/packaging/debian"
out="$here/target/deb"
work="$out/work"

step() { echo "build-deb: [${SECONDS}s] $*" >&2; }

jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$(realpath "$2")"; shift 2 ;;
    *) echo "usage: $0 [--jar FILE]" >&2; exit 2 ;;
  esac
done

source "$here/scripts/find-jdk.sh"
for tool in fakeroot dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool is missing (apt-get install fakeroot dpkg-dev)" >&2; exit 2; }
done

if [ -z "$jar" ]; then
  step "building the jar"
  (cd "$here" && ./mvnw -q -B -ntp -DskipTests -Dspotless.skip=true -pl app -am package >&2)
  jar="$here/app/target/mtasts.jar"
fi
[ -f "$jar" ] || { echo "build-deb: no jar at $jar" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work/input" "$work/resources"
cp "$jar" "$work/input/mtasts.jar"

# The version the jar was built as; Debian's form sorts a pre-release before its release:
# 0.1.0-SNAPSHOT becomes 0.1.0~snapshot (Debian Policy §5.6.12).
(cd "$work" && "$JAVA_HOME/bin/jar" --extract --file input/mtasts.jar META-INF/maven/dev.mtasts/mtasts-app/pom.properties)
version="$(sed -n 's/^version=//p' "$work/META-INF/maven/dev.mtasts/mtasts-app/pom.properties")"
deb_version="$(printf '%s' "$version" | tr 'A-Z-' 'a-z~')"
[[ "$deb_version" =~ ^[0-9][a-z0-9.+~]*$ ]] || { echo "build-deb: version '$version' has no Debian form" >&2; exit 2; }

# The runtime: the modules jdeps finds, without java.desktop and java.compiler (only optional
# code uses them: Jackson's java.beans annotations, PGpoint, Micrometer's Log4j2Metrics,
# Error Prone's annotations; java.desktop would pull in X11 and ALSA libraries), with java.xml
# (logback.xml), and the modules loaded only as services or by name, which jdeps cannot see:
# EC keys for TLS, the extra charsets of report emails, zip file systems, JNDI DNS, and the
# security providers conf/security/java.security names (XMLDSig, SunPCSC, SunPKCS11, JdkSASL):
# with one missing, the JDK searches the class path for it and instantiates BouncyCastle's
# provider on every start (700 classes more, +50 % CPU for `mtasts --version`).
step "jlink"
java_version="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
modules="$("$JAVA_HOME/bin/jdeps" --multi-release "$java_version" --ignore-missing-deps --print-module-deps \
    "$work/input/mtasts.jar" | tr ',' '\n' | grep -vxE 'java\.desktop|java\.compiler' | paste -sd,)"
modules="$modules,java.xml,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.naming.dns"
modules="$modules,java.xml.crypto,java.smartcardio,jdk.crypto.cryptoki,jdk.security.jgss"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$work/runtime" \
  --strip-debug --no-man-pages --no-header-files --generate-cds-archive
# The class data archive for heaps over 32 GB (no compressed oops) is never used with our sizes.
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"

# An app image whose two extra launchers are marked as services: that is how jpackage places
# their units (packaging/debian/mtasts-<launcher>.service) in /lib/systemd/system. The native
# launchers themselves are replaced by the shell launcher, which sets the JVM options per command
# (jpackage keeps the units of launchers removed from the image; the listing check below fails
# the build should a JDK stop doing so).
step "jpackage app-image"
printf 'launcher-as-service=true\n' > "$work/service.properties"
"$JAVA_HOME/bin/jpackage" --type app-image --dest "$work/image" --name mtasts --app-version "$deb_version" \
  --input "$work/input" --main-jar mtasts.jar --main-class dev.mtasts.app.cli.Main \
  --runtime-image "$work/runtime" \
  --add-launcher resolver="$work/service.properties" --add-launcher serve="$work/service.properties"
image="$work/image/mtasts"
rm -f "$image"/bin/* "$image"/lib/*.png "$image"/lib/libapplauncher.so "$image"/lib/app/*.cfg
install -m 0755 "$debian/mtasts" "$image/bin/mtasts"
install -m 0644 "$here/scripts/java-opts.sh" "$image/lib/java-opts.sh"
install -D -m 0644 "$debian/mta-sts-daemon.yml" "$image/lib/examples/mta-sts-daemon.yml"

# jpackage takes the control file, maintainer scripts and units from the resource directory.
cp "$debian"/{control,copyright,preinst,postinst,prerm,postrm,mtasts-resolver.service,mtasts-serve.service} "$work/resources/"
example_sha256="$(sha256sum < "$debian/mta-sts-daemon.yml" | cut -d' ' -f1)"
sed -i "s/@EXAMPLE_SHA256@/$example_sha256/" "$work/resources/postrm"

# --install-dir /usr: the image's bin/ goes to /usr/bin, the rest to /usr/lib/mtasts.
step "jpackage deb $deb_version"
mkdir -p "$out"
rm -f "$out"/mtasts_*.deb
"$JAVA_HOME/bin/jpackage" --type deb ${MTASTS_JPACKAGE_VERBOSE:+--verbose} --dest "$out" --app-image "$image" --name mtasts \
  --app-version "$deb_version" --install-dir /usr --resource-dir "$work/resources" \
  --linux-package-name mtasts --vendor mtasts --linux-deb-maintainer "${MTASTS_DEB_MAINTAINER:-mtasts@invalid}" \
  --linux-package-deps adduser \
  --description "MTA-STS and SMTP TLS Reporting tools and policy daemon for Postfix"

deb="$(ls "$out"/mtasts_*.deb)"
# jpackage's layout must have put every file where the units and scripts expect it.
listing="$(dpkg-deb --contents "$deb" | awk '{print $NF}')"
for f in ./usr/bin/mtasts ./usr/lib/mtasts/app/mtasts.jar ./usr/lib/mtasts/runtime/bin/java \
    ./usr/lib/mtasts/java-opts.sh ./usr/lib/mtasts/examples/mta-sts-daemon.yml \
    ./lib/systemd/system/mtasts-resolver.service ./lib/systemd/system/mtasts-serve.service; do
  grep -qxF "$f" <<<"$listing" || { echo "build-deb: $f is missing from $deb" >&2; exit 1; }
done
step "done: $(du -h "$deb" | cut -f1), installed $(dpkg-deb -f "$deb" Installed-Size) KiB"
echo "$deb"
