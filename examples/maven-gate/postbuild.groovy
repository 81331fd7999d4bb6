// Checked by maven-invoker-plugin after both builds of invoker.properties (run by the
// gonogo-maven-plugin module's build).
def log = new File(basedir, 'build.log').text
// build 1 failed on its NO-GO, with the blocker naming the target and its figure in Maven's error
assert log.contains('[ERROR] Failed to execute goal io.gonogo:gonogo-maven-plugin')
assert log.contains('gonogo: NO-GO for maven-gate example 1.0: 1 blocker')
assert log =~ /\[ERROR\]   - target\.slug-time: critical target slug-time .* MISSED: [0-9.,]+(ns|us|ms|s) .* misses < 1ns/
// build 2 passed and wrote the document, with a GO
def doc = new File(basedir, 'target/gonogo/go-no-go.md')
assert doc.isFile()
assert doc.text.contains('**Decision: GO**')
assert log.contains('gonogo: GO; see ')
println 'postbuild.groovy: build 1 failed on its NO-GO naming target slug-time and its figure; build 2 wrote ' + doc
return true
