// A small W3C WebDriver client: just what the end-to-end tests use, over Node's fetch,
// so the suite needs no browser-automation framework.

export const Key = {
  Enter: "\uE007",
  Tab: "\uE004",
  Shift: "\uE008",
  Control: "\uE009",
  Alt: "\uE00A",
  Escape: "\uE00C",
  Backspace: "\uE003",
  ArrowUp: "\uE013",
  ArrowDown: "\uE015",
  ArrowLeft: "\uE012",
  ArrowRight: "\uE014",
  Home: "\uE011",
  End: "\uE010",
};

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriver {
  constructor(base) {
    this.base = base;
    this.session = null;
  }

  async call(method, path, body) {
    const url = this.session ? `${this.base}/session/${this.session}${path}` : `${this.base}${path}`;
    const response = await fetch(url, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok || (json.value && json.value.error)) {
      const error = new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      error.webdriver = json.value?.error;
      throw error;
    }
    return json.value;
  }

  async start(capabilities) {
    const value = await this.call("POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    this.session = value.sessionId;
    return value;
  }

  async quit() {
    if (this.session) {
      await this.call("DELETE", "").catch(() => {});
      this.session = null;
    }
  }

  async find(css) {
    const value = await this.call("POST", "/element", { using: "css selector", value: css });
    return value[ELEMENT];
  }

  async findAll(css) {
    const value = await this.call("POST", "/elements", { using: "css selector", value: css });
    return value.map((v) => v[ELEMENT]);
  }

  /** The first element matching `css` inside `element`. */
  async findIn(element, css) {
    const value = await this.call("POST", `/element/${element}/element`, { using: "css selector", value: css });
    return value[ELEMENT];
  }

  /** Waits until `css` matches an element and returns it. */
  async waitFor(css, timeout = 10000) {
    return this.until(async () => (await this.findAll(css))[0], `element ${css}`, timeout);
  }

  /** Polls `probe` until it returns something truthy. */
  async until(probe, what, timeout = 10000) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await probe();
        if (last) return last;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * Clicks the first element matching `css` once there is one. The view may re-render
   * between the find and the click (a save answering, a list refreshing): the click then
   * meets a stale element, and the element is found again.
   */
  async clickOn(css, timeout = 10000) {
    return this.until(
      async () => {
        const [element] = await this.findAll(css);
        if (!element) return undefined;
        await this.click(element);
        return element;
      },
      `a click on ${css}`,
      timeout,
    );
  }

  click(element) {
    return this.call("POST", `/element/${element}/click`, {});
  }

  text(element) {
    return this.call("GET", `/element/${element}/text`);
  }

  attribute(element, name) {
    return this.call("GET", `/element/${element}/attribute/${name}`);
  }

  property(element, name) {
    return this.call("GET", `/element/${element}/property/${name}`);
  }

  clear(element) {
    return this.call("POST", `/element/${element}/clear`, {});
  }

  type(element, text) {
    return this.call("POST", `/element/${element}/value`, { text });
  }

  execute(script, args = []) {
    return this.call("POST", "/execute/sync", { script, args });
  }

  /** Presses keys, holding the `modifiers` down around them. */
  async keys(keys, modifiers = []) {
    const actions = [];
    for (const m of modifiers) actions.push({ type: "keyDown", value: m });
    for (const k of keys) {
      actions.push({ type: "keyDown", value: k });
      actions.push({ type: "keyUp", value: k });
    }
    for (const m of [...modifiers].reverse()) actions.push({ type: "keyUp", value: m });
    await this.call("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions }] });
    await this.call("DELETE", "/actions");
  }

  screenshot() {
    return this.call("GET", "/screenshot");
  }

  setWindowRect(rect) {
    return this.call("POST", "/window/rect", rect);
  }
}
