package dev.previewkit.tck;

import dev.previewkit.Artifact;
import dev.previewkit.ProjectFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile projects for the attack tests of backends that sandbox builds (the Docker backend's, the local backend's
 * sandboxed mode): the {@link Fixtures#reactApp() fixture app} with a
 * {@code vite.config.ts} that attacks the machine it runs on. A config that reports prints one line
 * {@code attack-report <what it saw>} and defines {@code __REPORT__} with the same text, which the greeting
 * renders, so the report is in the log and in the built JavaScript. Every project carries a fresh id, so no
 * artifact is ever reused, and keeps the fixture's {@code package.json} (one dependency set for all) unless it
 * says otherwise.
 */
public final class AttackProjects {
    public static final String REPORT = "attack-report";
    private static final Pattern REPORT_TOKEN = Pattern.compile(REPORT + " [^\"'`\\\\]*");
    private static final String GREETING = """
            declare const __REPORT__: string;
            export function Greeting() {
              return <p>{__REPORT__}</p>;
            }
            """;

    private AttackProjects() {}

    /**
     * A config that tries to connect to both servers over TCP and reports what each attempt gave
     * ({@code CONNECTED}, {@code TIMEOUT} or the error code) and the container's network interfaces:
     * {@code attack-report loopback=<outcome> bridge=<outcome> interfaces=<names>}.
     */
    public static ProjectFiles connectingTo(InetSocketAddress loopback, InetSocketAddress bridge) {
        return reporting("""
                import net from 'node:net';
                import os from 'node:os';

                function probe(host, port) {
                  return new Promise((done) => {
                    const socket = net.connect({ host, port });
                    const timer = setTimeout(() => { socket.destroy(); done('TIMEOUT'); }, 5000);
                    socket.on('connect', () => { clearTimeout(timer); socket.destroy(); done('CONNECTED'); });
                    socket.on('error', (e) => { clearTimeout(timer); done(e.code || String(e)); });
                  });
                }
                const loopback = await probe(%s, %d);
                const bridge = await probe(%s, %d);
                const interfaces = Object.keys(os.networkInterfaces()).sort().join(',');
                const report = `loopback=${loopback} bridge=${bridge} interfaces=${interfaces}`;
                """.formatted(js(loopback.getAddress().getHostAddress()), loopback.getPort(),
                js(bridge.getAddress().getHostAddress()), bridge.getPort()));
    }

    /**
     * A config that reads its environment, {@code /proc/1/environ}, {@code /proc/self/environ} and every other
     * {@code /proc/<pid>/environ}, and looks for the Docker socket:
     * {@code attack-report sockets=<path:present|absent,...> seen=<hex of a JSON object {env, proc1, self, all}>}
     * (hex, so that no redaction of the log can hide what it read).
     */
    public static ProjectFiles readingEnvironments() {
        return reporting("""
                import { existsSync, readdirSync, readFileSync } from 'node:fs';

                const read = (file) => {
                  try { return readFileSync(file).toString('utf8').split('\\0').join('\\n'); }
                  catch (e) { return 'ERROR:' + e.code; }
                };
                const seen = {
                  env: Object.entries(process.env).map(([name, value]) => name + '=' + value).join('\\n'),
                  proc1: read('/proc/1/environ'),
                  self: read('/proc/self/environ'),
                  all: readdirSync('/proc').filter((name) => /^[0-9]+$/.test(name))
                      .map((pid) => pid + ':' + read('/proc/' + pid + '/environ')).join('\\n'),
                };
                const sockets = ['/var/run/docker.sock', '/run/docker.sock']
                    .map((path) => path + ':' + (existsSync(path) ? 'present' : 'absent')).join(',');
                const report = 'sockets=' + sockets + ' seen=' + Buffer.from(JSON.stringify(seen)).toString('hex');
                """);
    }

    /**
     * A config that reports its user and capabilities and tries to create {@code name} in {@code /usr/bin},
     * {@code /etc}, {@code /} and (the control) the project's folder in the workspace, removing it there again:
     * {@code attack-report uid=.. gid=.. euid=.. capeff=.. nonewprivs=.. usr-bin=<WROTE|code> etc=.. root=..
     * workspace=..}.
     */
    public static ProjectFiles writingOutsideTheWorkspace(String name) {
        return reporting("""
                import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

                const name = %s;
                const attempt = (file) => {
                  try { writeFileSync(file, 'written by a build'); return 'WROTE'; } catch (e) { return e.code; }
                };
                const status = readFileSync('/proc/self/status', 'utf8');
                const field = (key) => (status.match(new RegExp('^' + key + ':\\\\s*(\\\\S+)', 'm')) || [])[1];
                const workspace = attempt(process.cwd() + '/' + name);
                if (workspace === 'WROTE') unlinkSync(process.cwd() + '/' + name);
                const report = [
                  'uid=' + process.getuid(), 'gid=' + process.getgid(), 'euid=' + process.geteuid(),
                  'capeff=' + field('CapEff'), 'nonewprivs=' + field('NoNewPrivs'),
                  'usr-bin=' + attempt('/usr/bin/' + name), 'etc=' + attempt('/etc/' + name),
                  'root=' + attempt('/' + name), 'workspace=' + workspace,
                ].join(' ');
                """.formatted(js(name)));
    }

    /**
     * A project whose own lifecycle scripts ({@code preinstall}, {@code install}, {@code postinstall},
     * {@code prepare}) would write markers into {@code node_modules/.previewkit-attack} and into
     * {@code hostMarkers}, with a dependency that has a {@code postinstall} (esbuild 0.27.7, whose script
     * replaces its JavaScript {@code bin/esbuild} by the native binary) and an {@code .npmrc} asking for
     * scripts. Its config reports {@code attack-report scripts=<markers joined by +, or none>
     * esbuild-bin=<js|elf|other|missing>}.
     */
    public static ProjectFiles withInstallScripts(Path hostMarkers) {
        StringBuilder scripts = new StringBuilder("\"scripts\": {");
        String separator = "";
        for (String script : new String[] {"preinstall", "install", "postinstall", "prepare"}) {
            String marker = "const fs=require('fs');fs.mkdirSync('node_modules/.previewkit-attack',{recursive:true});"
                    + "fs.writeFileSync('node_modules/.previewkit-attack/" + script + "','ran');"
                    + "try{fs.writeFileSync(" + js(hostMarkers.resolve(script).toString()) + ",'ran')}catch(e){}";
            scripts.append(separator).append("\n    \"").append(script).append("\": \"node -e \\\"")
                    .append(marker).append("\\\"\"");
            separator = ",";
        }
        scripts.append("\n  }");
        String packageJson = Fixtures.packageJson(scripts.toString())
                .replace("\"clsx\": \"2.1.1\"", "\"clsx\": \"2.1.1\", \"esbuild\": \"0.27.7\"");
        return reporting(Map.of("package.json", packageJson, ".npmrc", "ignore-scripts=false\n"), """
                import { existsSync, readdirSync, readFileSync } from 'node:fs';

                const markers = 'node_modules/.previewkit-attack';
                const scripts = existsSync(markers) ? readdirSync(markers).sort().join('+') || 'none' : 'none';
                const bin = 'node_modules/esbuild/bin/esbuild';
                let kind = 'missing';
                if (existsSync(bin)) {
                  const head = readFileSync(bin).subarray(0, 4);
                  kind = head.toString('latin1') === '\\x7fELF' ? 'elf'
                      : head.toString('latin1').startsWith('#!') ? 'js' : 'other';
                }
                const report = 'scripts=' + scripts + ' esbuild-bin=' + kind;
                """);
    }

    /**
     * A config that starts {@code /bin/sh -c 'read line' <marker>} children (idle, each blocked on its own
     * stdin) until 50 spawns in a row fail or 5000 were tried, prints {@code bomb capped spawned=N failed=M},
     * keeps them 6 s so the host can look for them (the marker is in their command lines), then kills them,
     * waits until each has exited and reports {@code attack-report bomb spawned=N failed=M attempts=A}.
     */
    public static ProjectFiles spawningWithoutEnd(String marker) {
        return reporting("""
                import { spawn } from 'node:child_process';
                import { readFile } from 'node:fs/promises';

                await readFile('package.json');  // the thread pool is up before the bomb takes every pid
                const children = [];
                let failed = 0, inRow = 0, attempts = 0;
                while (inRow < 50 && attempts < 5000) {
                  attempts++;
                  let child;
                  try {
                    child = spawn('/bin/sh', ['-c', 'read line', %s], { stdio: ['pipe', 'ignore', 'ignore'] });
                    child.on('error', () => {});
                  } catch (e) {
                    child = undefined;
                  }
                  if (child && typeof child.pid === 'number') { children.push(child); inRow = 0; }
                  else { failed++; inRow++; }
                }
                const counts = `spawned=${children.length} failed=${failed} attempts=${attempts}`;
                console.log('bomb capped ' + counts);
                await new Promise((done) => setTimeout(done, 6000));
                await Promise.all(children.map((child) => new Promise((done) => {
                  if (child.exitCode !== null || child.signalCode !== null) { done(); return; }
                  child.on('exit', done);
                  child.kill('SIGKILL');
                })));
                console.log('bomb defused');
                const report = 'bomb ' + counts;
                """.formatted(js(marker)));
    }

    /** A config that allocates 16 MiB buffers, filled and kept, printing {@code allocated <n> MiB}, forever. */
    public static ProjectFiles allocatingWithoutEnd() {
        return plain("""
                const kept = [];
                for (;;) {
                  const buffer = Buffer.alloc(16 * 1024 * 1024);
                  buffer.fill(7);
                  kept.push(buffer);
                  console.log('allocated ' + kept.length * 16 + ' MiB');
                }
                export default {};
                """);
    }

    /**
     * A config that reads each of {@code paths} and reports what it got:
     * {@code attack-report files=<READ:<length>|code>,...} in the order given.
     */
    public static ProjectFiles readingHostFiles(List<Path> paths) {
        StringBuilder list = new StringBuilder("[");
        for (Path path : paths) {
            list.append(list.length() > 1 ? ", " : "").append(js(path.toString()));
        }
        return reporting("""
                import { readFileSync } from 'node:fs';

                const attempt = (file) => {
                  try { return 'READ:' + readFileSync(file).length; } catch (e) { return e.code; }
                };
                const report = 'files=' + %s].map(attempt).join(',');
                """.formatted(list));
    }

    /**
     * A config that listens on TCP {@code port} of every address, prints {@code listening <port>}, keeps listening
     * for {@code millis} ms (the host tries to connect meanwhile), then reports
     * {@code attack-report listen=<LISTENING|code> accepted=<connections it got>}.
     */
    public static ProjectFiles listeningOn(int port, int millis) {
        return reporting("""
                import net from 'node:net';

                let accepted = 0;
                const server = net.createServer((socket) => { accepted++; socket.destroy(); });
                const listen = await new Promise((done) => {
                  server.on('error', (e) => done(e.code));
                  server.listen(%d, '0.0.0.0', () => done('LISTENING'));
                });
                console.log('listening %d');
                await new Promise((done) => setTimeout(done, %d));
                server.close();
                const report = 'listen=' + listen + ' accepted=' + accepted;
                """.formatted(port, port, millis));
    }

    /** A config that prints {@code endless loop starts} and then spins forever. */
    public static ProjectFiles loopingForever() {
        return plain("""
                console.log('endless loop starts');
                for (;;) { /* never returns */ }
                export default {};
                """);
    }

    /**
     * A config whose plugin, once the bundle is written, adds to the output: {@code abs-link.txt} (a symbolic
     * link to {@code hostFile}), {@code rel-link.txt} (to {@code ../../../../etc/hostname}), {@code etc-dir} (to
     * {@code /etc}), {@code zz-hard.html} (a hard link to the output's own {@code index.html}), a try at
     * {@code host-hard.txt} (a hard link to {@code /etc/hostname}) and {@code kept.txt}, a plain file; it
     * reports {@code attack-report links host-hard=<LINKED|code>}.
     */
    public static ProjectFiles linkingOutOfTheOutput(Path hostFile) {
        return reportingFromPlugin("""
                import { linkSync, symlinkSync, writeFileSync } from 'node:fs';
                import { join, resolve } from 'node:path';

                let outDir;
                let report = 'links not made';
                const plugin = {
                  name: 'links-out-of-the-output',
                  configResolved(config) { outDir = resolve(config.root, config.build.outDir); },
                  closeBundle() {
                    symlinkSync(%s, join(outDir, 'abs-link.txt'));
                    symlinkSync('../../../../etc/hostname', join(outDir, 'rel-link.txt'));
                    symlinkSync('/etc', join(outDir, 'etc-dir'));
                    linkSync(join(outDir, 'index.html'), join(outDir, 'zz-hard.html'));
                    let hostHard;
                    try { linkSync('/etc/hostname', join(outDir, 'host-hard.txt')); hostHard = 'LINKED'; }
                    catch (e) { hostHard = e.code; }
                    writeFileSync(join(outDir, 'kept.txt'), 'kept');
                    console.log('attack-report links host-hard=' + hostHard);
                  },
                };
                """.formatted(js(hostFile.toString())));
    }

    /**
     * A config whose plugin, once the bundle is written, writes {@code mebibytes} MiB into {@code big.bin} in the
     * output, 1 MiB at a time, printing {@code attack-report disk written=<bytes> error=<code|none>} and failing
     * the build with the error it met.
     */
    public static ProjectFiles writingIntoTheOutput(int mebibytes) {
        return reportingFromPlugin("""
                import { closeSync, openSync, writeSync } from 'node:fs';
                import { join, resolve } from 'node:path';

                let outDir;
                const report = 'disk';
                const plugin = {
                  name: 'writes-a-big-file',
                  configResolved(config) { outDir = resolve(config.root, config.build.outDir); },
                  closeBundle() {
                    const chunk = Buffer.alloc(1024 * 1024, 1);
                    const fd = openSync(join(outDir, 'big.bin'), 'w');
                    let written = 0;
                    try {
                      for (let i = 0; i < %d; i++) written += writeSync(fd, chunk);
                    } catch (e) {
                      console.log('attack-report disk written=' + written + ' error=' + e.code);
                      throw e;
                    } finally {
                      closeSync(fd);
                    }
                    console.log('attack-report disk written=' + written + ' error=none');
                  },
                };
                """.formatted(mebibytes));
    }

    /**
     * A config whose plugin, when the build starts, prints {@code mebibytes} MiB of {@code x} to standard output
     * without a newline, in 1 MiB writes, then a newline and {@code flood done <marker>}, and lets the build go on.
     * (From a plugin hook, on Vite's own thread: code at the top of a config may run where its output is not in
     * order with Vite's.)
     */
    public static ProjectFiles flooding(int mebibytes, String marker) {
        return plain("""
                export default { plugins: [{ name: 'flood', buildStart() {
                  const chunk = 'x'.repeat(1024 * 1024);
                  for (let i = 0; i < %d; i++) process.stdout.write(chunk);
                  process.stdout.write('\\nflood done ' + %s + '\\n');
                } }] };
                """.formatted(mebibytes, js(marker)));
    }

    /** The report that {@code artifact}'s JavaScript holds, without the {@value #REPORT} prefix. */
    public static String report(Artifact artifact) throws IOException {
        Matcher matcher = REPORT_TOKEN.matcher(Fixtures.builtJavaScript(artifact));
        if (!matcher.find()) {
            throw new AssertionError("no '" + REPORT + "' in the built JavaScript of " + artifact.root());
        }
        return matcher.group().substring(REPORT.length() + 1);
    }

    /** The value of {@code key=value} in a report such as {@code a=1 b=2}; an AssertionError when absent. */
    public static String field(String report, String key) {
        Matcher matcher = Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + "=(\\S*)").matcher(report);
        if (!matcher.find()) {
            throw new AssertionError("no " + key + "= in the report: " + report);
        }
        return matcher.group(1);
    }

    private static ProjectFiles reporting(String config) {
        return reporting(Map.of(), config);
    }

    /** {@code config} computes {@code report}; it is printed and defined as {@code __REPORT__}. */
    private static ProjectFiles reporting(Map<String, String> moreFiles, String config) {
        Map<String, String> files = new HashMap<>(moreFiles);
        files.put("vite.config.ts", unique() + config + """
                console.log(%s + ' ' + report);
                export default { define: { __REPORT__: JSON.stringify(%s + ' ' + report) } };
                """.formatted(js(REPORT), js(REPORT)));
        files.put("src/components/Greeting.tsx", GREETING);
        return Fixtures.reactAppWith(files);
    }

    /** {@code config} defines {@code plugin} (which prints its own report) and a constant {@code report}. */
    private static ProjectFiles reportingFromPlugin(String config) {
        return Fixtures.reactAppWith(Map.of(
                "vite.config.ts", unique() + config + """
                        export default { plugins: [plugin], define: { __REPORT__: JSON.stringify(%s + ' ' + report) } };
                        """.formatted(js(REPORT)),
                "src/components/Greeting.tsx", GREETING));
    }

    private static ProjectFiles plain(String config) {
        return Fixtures.reactAppWith(Map.of("vite.config.ts", unique() + config));
    }

    private static String unique() {
        return "// project " + UUID.randomUUID() + "\n";
    }

    private static String js(String text) {
        return Fixtures.jsString(text);
    }
}
