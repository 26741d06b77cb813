# Xinfang Desk. The two commands a fresh Debian/Ubuntu machine needs:
#   make run    the app (with a display: the window; without: the headless demo)
#   make test   every test: lint, core, UI type check, end-to-end in the real window
# Both install what they need first (scripts/setup.sh).

# Outside the clone, so that CI's fresh clones reuse the compiled dependencies.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/xinfang-target

.PHONY: run test setup lint test-core test-dates test-ui test-e2e bench demo

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run-app.sh

test: setup lint test-core test-dates test-ui test-e2e

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# Every crate's tests, the shell's included; ts-rs rewrites the UI's types as they run, and
# they must come out as committed.
test-core:
	cargo test --workspace --all-targets
	@git diff --exit-code --stat -- ui/src/types/generated \
	  && test -z "$$(git status --porcelain -- ui/src/types/generated)" \
	  || { echo "ui/src/types/generated is not what the Rust types export: commit the regenerated files"; exit 1; }

# The core tests with the machine's date faked to days that cross the calendar's edges.
test-dates:
	bash scripts/test-dates.sh

test-ui:
	cd ui && npm run --silent typecheck && npm run --silent lint && npm run --silent test:unit

test-e2e:
	bash scripts/e2e.sh

bench: setup
	cargo bench

# The demo office in a scratch database, and its due list.
demo:
	rm -f /tmp/xinfang-demo.sqlite*
	cargo run --quiet -p xinfang -- --db /tmp/xinfang-demo.sqlite demo
	XINFANG_USER=zhangwd XINFANG_PASSWORD=xinfang-demo \
	  cargo run --quiet -p xinfang -- --db /tmp/xinfang-demo.sqlite due --limit 20
