import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { installPerfProbes } from "./lib/perf";

installPerfProbes();

const target = document.getElementById("app");
if (target === null) throw new Error("index.html lacks #app");

export default mount(App, { target });
